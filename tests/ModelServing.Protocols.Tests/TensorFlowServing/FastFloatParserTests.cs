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

    [Fact]
    public void ParseNumber_EdgeLiteralsBeforeADelimiter_EqualFloatParseAndEndAtTheDelimiter()
    {
        var random = new Random(4);
        string[] delimiters = [",", "]", "}", " ", "\n", string.Empty];
        for (var n = 0; n < 200_000; n++)
        {
            var literal = EdgeLiteral(random);
            var json = Encoding.ASCII.GetBytes(literal + delimiters[random.Next(delimiters.Length)]);

            var length = FastFloatParser.ParseNumber(json, out var parsed, out var isInteger);

            var expected = float.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!float.IsFinite(expected))
            {
                Assert.True(length == 0, literal);
                continue;
            }

            Assert.True(length == literal.Length, literal);
            Assert.Equal(literal.IndexOfAny(['.', 'e', 'E']) < 0, isInteger);
            Assert.True(
                BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(parsed),
                $"{literal}: expected {expected:R}, got {parsed:R}");
        }
    }

    [Theory]
    [InlineData("01", 1)]
    [InlineData("-01.5", 2)]
    [InlineData("1.", 0)]
    [InlineData(".5", 0)]
    [InlineData("+1", 0)]
    [InlineData("-", 0)]
    [InlineData("1e", 0)]
    [InlineData("1e+", 0)]
    [InlineData("1.5.2", 3)]
    [InlineData("2x", 1)]
    public void ParseNumber_TextThatIsNoJsonNumber_StopsWhereJsonDoes(string text, int expectedLength) =>
        Assert.Equal(expectedLength, FastFloatParser.ParseNumber(Encoding.ASCII.GetBytes(text), out _, out _));

    // Literals where a fast path is most likely to go wrong: subnormals, float midpoints and their neighbours written with
    // 9 to 30 digits, integers around 2^24, -0 and zeros with exponents, mantissas of 17 to 25 digits, exponents near +-10 and +-22.
    private static string EdgeLiteral(Random random)
    {
        var sign = random.Next(2) == 0 ? "-" : string.Empty;
        switch (random.Next(7))
        {
            case 0:
                var subnormal = BitConverter.Int32BitsToSingle(random.Next(1, 0x00800000));
                return sign + subnormal.ToString(random.Next(2) == 0 ? "R" : "E" + random.Next(1, 25), CultureInfo.InvariantCulture);
            case 1:
                var below = BitConverter.Int32BitsToSingle(random.Next(0, 0x7F000000));
                var midpoint = ((double)below + float.BitIncrement(below)) / 2;
                var near = random.Next(3) switch { 0 => midpoint, 1 => double.BitIncrement(midpoint), _ => double.BitDecrement(midpoint) };
                return sign + near.ToString("E" + random.Next(8, 30), CultureInfo.InvariantCulture);
            case 2:
                return sign + ((1 << 24) + random.Next(-3, 4)).ToString(CultureInfo.InvariantCulture);
            case 3:
                return sign + "0" + (random.Next(2) == 0 ? "." + new string('0', random.Next(1, 30)) : string.Empty) + "e" + random.Next(-400, 400);
            case 4:
                var digits = new StringBuilder().Append(random.Next(1, 10));
                for (var i = random.Next(16, 25); i > 0; i--)
                {
                    digits.Append(random.Next(10));
                }

                return sign + digits.Insert(random.Next(1, digits.Length), '.') + "e" + random.Next(-30, 30);
            case 5:
                var mantissa = random.NextInt64(1, random.Next(2) == 0 ? 1L << 24 : 1L << 53);
                return sign + mantissa.ToString(CultureInfo.InvariantCulture) + "e" + random.Next(-24, 25);
            default:
                return sign + (random.NextDouble() * Math.Pow(10, random.Next(-45, 39))).ToString("R", CultureInfo.InvariantCulture);
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
