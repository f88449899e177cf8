using System.Globalization;
using System.Text;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

/// <summary>
/// The fast float formatter writes exactly the text .NET's shortest round-trip formatter writes (same digits, same
/// notation), and that text reads back as the same float.
/// </summary>
public sealed class ShortestSingleFormatterTests
{
    [Theory]
    [InlineData(0f, "0")]
    [InlineData(-0f, "-0")]
    [InlineData(1f, "1")]
    [InlineData(0.1f, "0.1")]
    [InlineData(0.3f, "0.3")]
    [InlineData(100f, "100")]
    [InlineData(1e7f, "10000000")]
    [InlineData(1e8f, "100000000")]
    [InlineData(123456789f, "123456790")]
    [InlineData(1.5e9f, "1.5E+09")]
    [InlineData(1e-4f, "0.0001")]
    [InlineData(0.0001234f, "0.0001234")]
    [InlineData(1e-5f, "1E-05")]
    [InlineData(-1.234e-5f, "-1.234E-05")]
    [InlineData(3.4028235e38f, "3.4028235E+38")]
    [InlineData(1.17549435e-38f, "1.1754944E-38")]
    [InlineData(1e-45f, "1E-45")]
    [InlineData(0.52497917f, "0.5249792")]
    [InlineData(16777216f, "16777216")]
    public void Format_KnownValue_WritesExpectedText(float value, string expected) =>
        Assert.Equal(expected, Format(value));

    [Fact]
    public void Format_RandomBitPatterns_MatchesDotNetAndRoundTrips()
    {
        var random = new Random(20261204);
        for (var i = 0; i < 1_000_000; i++)
        {
            AssertSameAsDotNet(BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32)));
        }
    }

    [Fact]
    public void Format_UniformValues_MatchesDotNet()
    {
        // What models put out: probabilities and activations, many with a short exact decimal nearby.
        var random = new Random(7);
        for (var i = 0; i < 300_000; i++)
        {
            AssertSameAsDotNet((random.NextSingle() * 2) - 1);
            AssertSameAsDotNet(random.Next(-100_000, 100_000) / 1000f);
        }
    }

    [Fact]
    public void Format_AroundPowersOfTenAndNotationSwitches_MatchesDotNet()
    {
        for (var exponent = -45; exponent <= 38; exponent++)
        {
            var power = float.Parse($"1e{exponent}", CultureInfo.InvariantCulture);
            var bits = BitConverter.SingleToUInt32Bits(power);
            for (var delta = -4; delta <= 4; delta++)
            {
                AssertSameAsDotNet(BitConverter.UInt32BitsToSingle((uint)(bits + delta)));
                AssertSameAsDotNet(-BitConverter.UInt32BitsToSingle((uint)(bits + delta)));
            }
        }
    }

    [Fact]
    public void Format_SubnormalsAndExtremes_MatchesDotNet()
    {
        for (uint bits = 1; bits < 5000; bits++)
        {
            AssertSameAsDotNet(BitConverter.UInt32BitsToSingle(bits));
        }

        for (uint bits = 0x7F7F_F000; bits < 0x7F80_0000; bits++)
        {
            AssertSameAsDotNet(BitConverter.UInt32BitsToSingle(bits));
        }

        // Every power of two: the interval below is half as wide as above (the asymmetric case).
        for (var exponent = 1; exponent < 255; exponent++)
        {
            AssertSameAsDotNet(BitConverter.UInt32BitsToSingle((uint)exponent << 23));
        }
    }

    [Fact]
    public void Format_NonFinite_Throws()
    {
        var buffer = new byte[ShortestSingleFormatter.MaxLength];
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortestSingleFormatter.Format(float.NaN, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortestSingleFormatter.Format(float.PositiveInfinity, buffer));
    }

    private static string Format(float value)
    {
        var buffer = new byte[ShortestSingleFormatter.MaxLength];
        var length = ShortestSingleFormatter.Format(value, buffer);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    private static void AssertSameAsDotNet(float value)
    {
        if (!float.IsFinite(value))
        {
            return;
        }

        var ours = Format(value);
        var expected = value.ToString(CultureInfo.InvariantCulture);
        if (ours != expected)
        {
            Assert.Fail($"0x{BitConverter.SingleToUInt32Bits(value):X8}: .NET writes {expected}, the formatter {ours}");
        }

        var back = float.Parse(ours, CultureInfo.InvariantCulture);
        Assert.Equal(BitConverter.SingleToUInt32Bits(value), BitConverter.SingleToUInt32Bits(back));
    }
}
