using System.Numerics;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>
/// Writes a finite float as the shortest decimal text that reads back as the same float, in the layout
/// <see cref="float.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/> uses (<c>0.0001234</c>,
/// <c>123456790</c>, <c>1.5E+09</c>, <c>1E-05</c>), about three times faster.
/// </summary>
/// <remarks>
/// The digits come from the Ryu algorithm (Ulf Adams, PLDI 2018): the float's rounding interval is scaled by a power of
/// ten using 64-bit approximations of 5^i and 5^-i that are exact enough for every float, digits are removed while both
/// interval ends still differ, and the last one is rounded to nearest, ties to even. The two power tables are computed
/// here from their definitions with <see cref="BigInteger"/> once, not copied in. Fixed notation is used for decimal
/// exponents -4 to 8 and scientific notation (at least two exponent digits, with sign) outside, as .NET does for float.
/// </remarks>
internal static class ShortestSingleFormatter
{
    /// <summary>The longest text written: <c>-0.000123456789</c> or a nine-digit whole number with <c>.0</c>, rounded up.</summary>
    public const int MaxLength = 24;

    private const int MantissaBits = 23;
    private const int ExponentBias = 127;
    private const int Pow5InverseBitCount = 59;
    private const int Pow5BitCount = 61;

    private static readonly ulong[] s_pow5InverseSplit = BuildInverseTable(31);
    private static readonly ulong[] s_pow5Split = BuildTable(47);

    /// <summary>Writes <paramref name="value"/> (finite) into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes).</summary>
    /// <param name="value">A finite float.</param>
    /// <param name="destination">Where the text goes.</param>
    /// <param name="wholeWithPointZero">Whether whole numbers in fixed notation get <c>.0</c> (<c>2.0</c>, as TF Serving writes floats).</param>
    /// <returns>The number of bytes written.</returns>
    public static int Format(float value, Span<byte> destination, bool wholeWithPointZero = false)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        var negative = (bits >> 31) != 0;
        var ieeeMantissa = bits & ((1u << MantissaBits) - 1);
        var ieeeExponent = (int)((bits >> MantissaBits) & 0xFF);
        if (ieeeExponent == 0xFF)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite values have a decimal form.");
        }

        var position = 0;
        if (negative)
        {
            destination[position++] = (byte)'-';
        }

        if (ieeeExponent == 0 && ieeeMantissa == 0)
        {
            destination[position++] = (byte)'0';
            return wholeWithPointZero ? PointZero(destination, position) : position;
        }

        var (digits, exponent) = ShortestDigits(ieeeMantissa, ieeeExponent);
        return position + Layout(digits, exponent, destination[position..], wholeWithPointZero);
    }

    /// <summary>The shortest digits <c>d</c> and exponent <c>e</c> with <c>d * 10^e</c> reading back as the float.</summary>
    internal static (uint Digits, int Exponent) ShortestDigits(uint ieeeMantissa, int ieeeExponent)
    {
        int e2;
        uint m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = (1u << MantissaBits) | ieeeMantissa;
        }

        // The interval of reals that round to this float: (mm, mp) around mv, all scaled by 4 to stay integral.
        var acceptBounds = (m2 & 1) == 0;
        var mv = 4 * m2;
        var mp = (4 * m2) + 2;
        var mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;
        var mm = (4 * m2) - 1 - mmShift;

        uint vr, vp, vm;
        int e10;
        var vmIsTrailingZeros = false;
        var vrIsTrailingZeros = false;
        uint lastRemovedDigit = 0;
        if (e2 >= 0)
        {
            var q = Log10Pow2(e2);
            e10 = q;
            var k = Pow5InverseBitCount + Pow5Bits(q) - 1;
            var i = -e2 + q + k;
            vr = MulShift(mv, s_pow5InverseSplit[q], i);
            vp = MulShift(mp, s_pow5InverseSplit[q], i);
            vm = MulShift(mm, s_pow5InverseSplit[q], i);
            if (q != 0 && (vp - 1) / 10 <= vm / 10)
            {
                // One digit more is removed below; it decides the rounding, so compute it exactly.
                var l = Pow5InverseBitCount + Pow5Bits(q - 1) - 1;
                lastRemovedDigit = MulShift(mv, s_pow5InverseSplit[q - 1], -e2 + q - 1 + l) % 10;
            }

            if (q <= 9)
            {
                // Only one of mp, mv, mm can be a multiple of 5, if any.
                if (mv % 5 == 0)
                {
                    vrIsTrailingZeros = IsMultipleOfPowerOf5(mv, q);
                }
                else if (acceptBounds)
                {
                    vmIsTrailingZeros = IsMultipleOfPowerOf5(mm, q);
                }
                else if (IsMultipleOfPowerOf5(mp, q))
                {
                    vp--;
                }
            }
        }
        else
        {
            var q = Log10Pow5(-e2);
            e10 = q + e2;
            var i = -e2 - q;
            var k = Pow5Bits(i) - Pow5BitCount;
            var j = q - k;
            vr = MulShift(mv, s_pow5Split[i], j);
            vp = MulShift(mp, s_pow5Split[i], j);
            vm = MulShift(mm, s_pow5Split[i], j);
            if (q != 0 && (vp - 1) / 10 <= vm / 10)
            {
                j = q - 1 - (Pow5Bits(i + 1) - Pow5BitCount);
                lastRemovedDigit = MulShift(mv, s_pow5Split[i + 1], j) % 10;
            }

            if (q <= 1)
            {
                // mv has at least q trailing zero bits, so vr is exact.
                vrIsTrailingZeros = true;
                if (acceptBounds)
                {
                    vmIsTrailingZeros = mmShift == 1;
                }
                else
                {
                    vp--;
                }
            }
            else if (q < 31)
            {
                vrIsTrailingZeros = (mv & ((1u << (q - 1)) - 1)) == 0;
            }
        }

        var removed = 0;
        uint output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // The rare general case: exact ties and interval ends that are themselves short decimals.
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                DropDigit(ref vr, ref vp, ref vm, ref lastRemovedDigit);
                removed++;
            }

            if (vmIsTrailingZeros)
            {
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    DropDigit(ref vr, ref vp, ref vm, ref lastRemovedDigit);
                    removed++;
                }
            }

            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0)
            {
                // Exactly halfway: round to even.
                lastRemovedDigit = 4;
            }

            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1u : 0u);
        }
        else
        {
            while (vp / 10 > vm / 10)
            {
                DropDigit(ref vr, ref vp, ref vm, ref lastRemovedDigit);
                removed++;
            }

            output = vr + (vr == vm || lastRemovedDigit >= 5 ? 1u : 0u);
        }

        return (output, e10 + removed);
    }

    /// <summary>Removes the last digit of the value and both interval ends, remembering the value's.</summary>
    private static void DropDigit(ref uint vr, ref uint vp, ref uint vm, ref uint lastRemovedDigit)
    {
        lastRemovedDigit = vr % 10;
        vr /= 10;
        vp /= 10;
        vm /= 10;
    }

    /// <summary>Lays out <c>digits * 10^exponent</c> in .NET's float notation; returns the length.</summary>
    private static int Layout(uint digits, int exponent, Span<byte> destination, bool wholeWithPointZero)
    {
        var count = DecimalLength(digits);
        var scientific = exponent + count - 1;
        if (scientific is >= -4 and < 9)
        {
            if (exponent >= 0)
            {
                // A whole number: the digits, then the zeros.
                WriteDigits(digits, destination[..count]);
                destination.Slice(count, exponent).Fill((byte)'0');
                return wholeWithPointZero ? PointZero(destination, count + exponent) : count + exponent;
            }

            var whole = count + exponent;
            if (whole > 0)
            {
                // 123.45: the digits one place to the right, then the whole part moved back over the point's place.
                WriteDigits(digits, destination.Slice(1, count));
                destination.Slice(1, whole).CopyTo(destination);
                destination[whole] = (byte)'.';
                return count + 1;
            }

            // 0.00012345
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            destination.Slice(2, -whole).Fill((byte)'0');
            WriteDigits(digits, destination.Slice(2 - whole, count));
            return 2 - whole + count;
        }

        // 1.2345E-05: the digits from the second place, the first moved in front of the point.
        int position;
        if (count > 1)
        {
            WriteDigits(digits, destination.Slice(1, count));
            destination[0] = destination[1];
            destination[1] = (byte)'.';
            position = count + 1;
        }
        else
        {
            destination[0] = (byte)('0' + digits);
            position = 1;
        }

        destination[position] = (byte)'E';
        destination[position + 1] = scientific < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(scientific);
        destination[position + 2] = (byte)('0' + (magnitude / 10));
        destination[position + 3] = (byte)('0' + (magnitude % 10));
        return position + 4;
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>destination.Length</c> decimal digits, two at a time.</summary>
    private static void WriteDigits(uint value, Span<byte> destination)
    {
        var pairs = DigitPairs;
        var end = destination.Length;
        while (end >= 2)
        {
            var pair = (int)(value % 100) * 2;
            value /= 100;
            destination[end - 1] = pairs[pair + 1];
            destination[end - 2] = pairs[pair];
            end -= 2;
        }

        if (end == 1)
        {
            destination[0] = (byte)('0' + value);
        }
    }

    /// <summary>The number of decimal digits of a shortest-digits value (1 to 9).</summary>
    private static int DecimalLength(uint value) =>
        value >= 100_000_000 ? 9 : value >= 10_000_000 ? 8 : value >= 1_000_000 ? 7 : value >= 100_000 ? 6 :
        value >= 10_000 ? 5 : value >= 1_000 ? 4 : value >= 100 ? 3 : value >= 10 ? 2 : 1;

    /// <summary>"00" to "99" as 200 ASCII bytes.</summary>
    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    private static int PointZero(Span<byte> destination, int position)
    {
        destination[position] = (byte)'.';
        destination[position + 1] = (byte)'0';
        return position + 2;
    }

    /// <summary><c>floor((m * factor) / 2^shift)</c> for a 64-bit factor and shift of at least 32.</summary>
    private static uint MulShift(uint m, ulong factor, int shift)
    {
        var low = (ulong)m * (uint)factor;
        var high = (ulong)m * (factor >> 32);
        var sum = (low >> 32) + high;
        return (uint)(sum >> (shift - 32));
    }

    /// <summary><c>ceil(log2(5^e))</c> for e &gt; 0 (1 for 0).</summary>
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    /// <summary><c>floor(log10(2^e))</c>.</summary>
    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    /// <summary><c>floor(log10(5^e))</c>.</summary>
    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static bool IsMultipleOfPowerOf5(uint value, int power)
    {
        var count = 0;
        while (value != 0 && value % 5 == 0)
        {
            value /= 5;
            count++;
        }

        return count >= power;
    }

    /// <summary>The top <see cref="Pow5BitCount"/> bits of 5^i.</summary>
    private static ulong[] BuildTable(int size)
    {
        var table = new ulong[size];
        for (var i = 0; i < size; i++)
        {
            var power = BigInteger.Pow(5, i);
            var shift = Pow5Bits(i) - Pow5BitCount;
            table[i] = (ulong)(shift >= 0 ? power >> shift : power << -shift);
        }

        return table;
    }

    /// <summary><c>floor(2^(ceil(log2(5^i)) - 1 + 59) / 5^i) + 1</c>: 5^-i, scaled and rounded up.</summary>
    private static ulong[] BuildInverseTable(int size)
    {
        var table = new ulong[size];
        for (var i = 0; i < size; i++)
        {
            var power = BigInteger.Pow(5, i);
            var scaled = BigInteger.One << (Pow5Bits(i) - 1 + Pow5InverseBitCount);
            table[i] = (ulong)((scaled / power) + 1);
        }

        return table;
    }
}
