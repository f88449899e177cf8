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
    public static bool TryParse(ReadOnlySpan<byte> text, out float value)
    {
        if (TryParseFast(text, out value))
        {
            return true;
        }

        // float.TryParse rounds once from the decimal text; Utf8Parser goes through double and can round twice.
        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
    }

    private static bool TryParseFast(ReadOnlySpan<byte> text, out float value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var exponent = 0;
        var start = i;
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
        {
            if (!Accumulate(ref mantissa, ref digits, text[i]))
            {
                return false;
            }
        }

        var integerDigits = i - start;
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            var fractionStart = i;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                if (!Accumulate(ref mantissa, ref digits, text[i]))
                {
                    return false;
                }
            }

            if (i == fractionStart)
            {
                return false;
            }

            exponent = -(i - fractionStart);
        }

        if (integerDigits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                negativeExponent = text[i] == (byte)'-';
                i++;
            }

            var exponentStart = i;
            var written = 0;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++)
            {
                written = (written * 10) + (text[i] - '0');
                if (written > 1000)
                {
                    return false;
                }
            }

            if (i == exponentStart)
            {
                return false;
            }

            exponent += negativeExponent ? -written : written;
        }

        if (i != text.Length)
        {
            return false;
        }

        if (mantissa == 0)
        {
            value = negative ? -0f : 0f;
            return true;
        }

        if (mantissa <= MaxExactSingleMantissa && exponent is >= -10 and <= 10)
        {
            var single = exponent >= 0 ? mantissa * s_singlePowers[exponent] : mantissa / s_singlePowers[-exponent];
            value = negative ? -single : single;
            return true;
        }

        if (mantissa > MaxExactDoubleMantissa || exponent is < -22 or > 22)
        {
            return false;
        }

        var result = exponent >= 0 ? mantissa * s_doublePowers[exponent] : mantissa / s_doublePowers[-exponent];
        if ((BitConverter.DoubleToInt64Bits(result) & ExtraBitsMask) == MidpointBits)
        {
            return false;
        }

        value = negative ? -(float)result : (float)result;
        return true;
    }

    // Leading zeros are not significant; a 20th significant digit no longer fits the fast path.
    private static bool Accumulate(ref ulong mantissa, ref int digits, byte digit)
    {
        if (mantissa == 0 && digit == (byte)'0')
        {
            return true;
        }

        if (++digits > 19)
        {
            return false;
        }

        mantissa = (mantissa * 10) + (ulong)(digit - '0');
        return true;
    }
}
