using System.Globalization;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>
/// Parses a JSON number literal into the correctly rounded float, with an exact fast path for the literals clients send
/// (up to 19 significant digits, decimal exponent within +-22) and <see cref="float.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out float)"/>
/// for everything else.
/// </summary>
/// <remarks>
/// Fast path (Clinger): with a mantissa m below 2^24 and 10^|e| exact in float (|e| &lt;= 10), <c>m * 10^e</c> or
/// <c>m / 10^e</c> is one correctly rounded float operation. Otherwise, with m below 2^53 and |e| &lt;= 22, the same in
/// double is correctly rounded to double; rounding that double to float is then correct unless it landed exactly on a float
/// midpoint (the only case where rounding twice differs from rounding once), which goes to the slow path. Results stay
/// within the normal float range here (1e-22 and 9e37 bound them), so the midpoint test needs no subnormal case.
/// </remarks>
internal static class FastFloatParser
{
    private const ulong MaxExactSingleMantissa = 1UL << 24;
    private const ulong MaxExactDoubleMantissa = 1UL << 53;
    private const int MaxMantissaDigits = 19;

    // Bits a double carries beyond a float's 24-bit significand, and the pattern of an exact float midpoint among them.
    private const long ExtraBitsMask = (1L << 29) - 1;
    private const long MidpointBits = 1L << 28;

    private static readonly float[] s_singlePowers = [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    private static readonly double[] s_doublePowers =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses the whole of <paramref name="text"/> (a valid JSON number) as the float nearest its value.</summary>
    /// <returns>False when the text is not a number in whole or rounds to infinity.</returns>
    public static bool TryParse(ReadOnlySpan<byte> text, out float value) => ParseNumber(text, out value, out _) == text.Length && text.Length > 0;

    /// <summary>
    /// Parses the JSON number that starts <paramref name="json"/> (the text after it is not looked at) as the float nearest
    /// its value.
    /// </summary>
    /// <param name="json">Text starting with the number.</param>
    /// <param name="value">The correctly rounded float (bit-identical to <see cref="float.Parse(string, NumberStyles, IFormatProvider)"/>).</param>
    /// <param name="isInteger">Whether the literal has neither fraction nor exponent.</param>
    /// <returns>The number's length in bytes; 0 when no JSON number starts there or it rounds to infinity.</returns>
    public static int ParseNumber(ReadOnlySpan<byte> json, out float value, out bool isInteger)
    {
        value = 0;
        isInteger = false;
        var i = 0;
        var negative = false;
        if ((uint)i < (uint)json.Length && json[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        if ((uint)i >= (uint)json.Length || (uint)(json[i] - '0') > 9)
        {
            return 0;
        }

        // Leading zeros are not significant; a 20th significant digit no longer fits the fast path.
        ulong mantissa = 0;
        var digits = 0;
        var exponent = 0;
        if (json[i] == (byte)'0')
        {
            // JSON allows no other digit after a leading zero: the number ends there, the caller sees what follows.
            i++;
        }
        else
        {
            for (; (uint)i < (uint)json.Length; i++)
            {
                var digit = (uint)(json[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                if (++digits <= MaxMantissaDigits)
                {
                    mantissa = (mantissa * 10) + digit;
                }
            }
        }

        var fraction = (uint)i < (uint)json.Length && json[i] == (byte)'.';
        if (fraction)
        {
            var fractionStart = ++i;
            for (; (uint)i < (uint)json.Length; i++)
            {
                var digit = (uint)(json[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                if (mantissa != 0 || digit != 0)
                {
                    if (++digits <= MaxMantissaDigits)
                    {
                        mantissa = (mantissa * 10) + digit;
                    }
                }
            }

            if (i == fractionStart)
            {
                return 0;
            }

            exponent = fractionStart - i;
        }

        var exponentPart = (uint)i < (uint)json.Length && (json[i] | 0x20) == (byte)'e';
        if (exponentPart)
        {
            i++;
            var negativeExponent = false;
            if ((uint)i < (uint)json.Length && (json[i] == (byte)'-' || json[i] == (byte)'+'))
            {
                negativeExponent = json[i] == (byte)'-';
                i++;
            }

            var exponentStart = i;
            var written = 0;
            for (; (uint)i < (uint)json.Length; i++)
            {
                var digit = (uint)(json[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                // Past a few thousand the value is 0 or infinite whatever the mantissa; the slow path decides which.
                written = Math.Min((written * 10) + (int)digit, 100_000);
            }

            if (i == exponentStart)
            {
                return 0;
            }

            exponent += negativeExponent ? -written : written;
        }

        isInteger = !fraction && !exponentPart;
        if (mantissa == 0)
        {
            value = negative ? -0f : 0f;
            return i;
        }

        if (digits <= MaxMantissaDigits && TryConvertExact(mantissa, exponent, out var magnitude))
        {
            value = negative ? -magnitude : magnitude;
            return i;
        }

        // float.TryParse rounds once from the decimal text; Utf8Parser goes through double and can round twice.
        return float.TryParse(json[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value) ? i : 0;
    }

    private static bool TryConvertExact(ulong mantissa, int exponent, out float value)
    {
        if (mantissa <= MaxExactSingleMantissa && exponent is >= -10 and <= 10)
        {
            // Signed conversions are cheaper than unsigned ones, and exact at these magnitudes.
            value = exponent >= 0 ? (long)mantissa * s_singlePowers[exponent] : (long)mantissa / s_singlePowers[-exponent];
            return true;
        }

        value = 0;
        if (mantissa > MaxExactDoubleMantissa || exponent is < -22 or > 22)
        {
            return false;
        }

        var result = exponent >= 0 ? (long)mantissa * s_doublePowers[exponent] : (long)mantissa / s_doublePowers[-exponent];
        if ((BitConverter.DoubleToInt64Bits(result) & ExtraBitsMask) == MidpointBits)
        {
            return false;
        }

        value = (float)result;
        return true;
    }
}
