using System.Globalization;
using System.Text;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

/// <summary>The fast float path gives exactly the float .NET's correctly rounded parser gives, for every kind of literal.</summary>
public sealed class FastFloatParserTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("1")]
    [InlineData("0.1")]
    [InlineData("-0.00123")]
    [InlineData("3.4028235e38")]
    [InlineData("1.17549435E-38")]
    [InlineData("1e-45")]
    [InlineData("16777217")]
    [InlineData("0.30000000000000004")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("0.000000000000000000000000000001")]
    [InlineData("2.5E+10")]
    [InlineData("1.00000005960464477539062500")] // exactly halfway between 1 and the next float: ties to even (1)
    [InlineData("1.00000017881393432617187500")] // halfway between the 2nd and 3rd floats above 1: ties to even (up)
    [InlineData("1.000000059604644775390625001")]
    public void TryParse_Literal_EqualsFloatParse(string literal) => AssertSame(literal);

    [Theory]
    [InlineData("3.5e38")]
    [InlineData("-1e39")]
    [InlineData("1e400")]
    public void TryParse_BeyondFloatRange_Fails(string literal) =>
        Assert.False(FastFloatParser.TryParse(Encoding.ASCII.GetBytes(literal), out _));

    [Fact]
    public void TryParse_ShortestTextOfRandomFloats_RoundTrips()
    {
        var random = new Random(1);
        for (var n = 0; n < 200_000; n++)
        {
            var bits = random.Next() | (random.Next(2) << 31);
            var value = BitConverter.Int32BitsToSingle(bits);
            if (!float.IsFinite(value))
            {
                continue;
            }

            var literal = value.ToString("R", CultureInfo.InvariantCulture);
            Assert.True(FastFloatParser.TryParse(Encoding.ASCII.GetBytes(literal), out var parsed), literal);
            Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(parsed));
        }
    }

    [Fact]
    public void TryParse_DoublesAndFloatMidpoints_EqualFloatParse()
    {
        var random = new Random(2);
        for (var n = 0; n < 100_000; n++)
        {
            // Doubles in [-1, 1) and scaled: up to 17 significant digits, rounded to float once.
            var scale = Math.Pow(10, random.Next(-30, 30));
            AssertSame((((random.NextDouble() * 2) - 1) * scale).ToString("R", CultureInfo.InvariantCulture));

            // Exact midpoints between neighbouring floats, and the doubles right next to them.
            var below = BitConverter.Int32BitsToSingle(random.Next(0x00800000, 0x7F000000));
            var midpoint = ((double)below + float.BitIncrement(below)) / 2;
            AssertSame(midpoint.ToString("R", CultureInfo.InvariantCulture));
            AssertSame(double.BitIncrement(midpoint).ToString("R", CultureInfo.InvariantCulture));
            AssertSame(double.BitDecrement(midpoint).ToString("R", CultureInfo.InvariantCulture));
            AssertSame(midpoint.ToString("E25", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void TryParse_RandomDecimalLiterals_EqualFloatParse()
    {
        var random = new Random(3);
        var text = new StringBuilder();
        for (var n = 0; n < 100_000; n++)
        {
            text.Clear();
            if (random.Next(2) == 0)
            {
                text.Append('-');
            }

            text.Append(random.NextInt64(0, 1L << random.Next(1, 62)).ToString(CultureInfo.InvariantCulture));
            if (random.Next(2) == 0)
            {
                text.Append('.').Append(random.NextInt64(0, 1L << random.Next(1, 62)).ToString(CultureInfo.InvariantCulture));
            }

            if (random.Next(2) == 0)
            {
                text.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => "" })
                    .Append(random.Next(0, 40).ToString(CultureInfo.InvariantCulture));
            }

            AssertSame(text.ToString());
        }
    }

    private static void AssertSame(string literal)
    {
        var expected = float.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        var ok = FastFloatParser.TryParse(Encoding.ASCII.GetBytes(literal), out var parsed);
        if (!float.IsFinite(expected))
        {
            Assert.False(ok, literal);
            return;
        }

        Assert.True(ok, literal);
        Assert.True(
            BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(parsed),
            $"{literal}: expected {expected:R}, got {parsed:R}");
    }
}
