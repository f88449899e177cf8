using ModelServing.Imaging.Codecs;

namespace ModelServing.Imaging.Tests.Codecs;

public sealed unsafe class PixelConversionsTests
{
    [Fact]
    public void To8_EverySixteenBitValue_IsRoundedNearest()
    {
        for (uint v = 0; v <= 65535; v++)
        {
            Assert.Equal((byte)Math.Round(v * 255.0 / 65535.0), PixelConversions.To8(v));
        }
    }

    [Fact]
    public void CmykToRgb_EveryChannelAndBlackPair_IsRoundedProduct()
    {
        var pixels = new byte[256 * 256 * 4];
        for (var i = 0; i < 256 * 256; i++)
        {
            pixels[i * 4] = (byte)(i % 256);
            pixels[(i * 4) + 1] = (byte)(255 - (i % 256));
            pixels[(i * 4) + 2] = 128;
            pixels[(i * 4) + 3] = (byte)(i / 256);
        }

        fixed (byte* p = pixels)
        {
            PixelConversions.CmykToRgb(p, 256 * 256);
        }

        for (var i = 0; i < 256 * 256; i++)
        {
            int c = i % 256, k = i / 256;
            Assert.Equal((byte)Math.Round(c * k / 255.0, MidpointRounding.AwayFromZero), pixels[i * 3]);
            Assert.Equal((byte)Math.Round((255 - c) * k / 255.0, MidpointRounding.AwayFromZero), pixels[(i * 3) + 1]);
        }
    }

    [Theory]
    [InlineData(255, 255, 255)]
    [InlineData(0, 0, 0)]
    [InlineData(7, 128, 250)]
    public void Rgba8ToRgb_EveryColorAndAlpha_IsRoundedComposite(byte r, byte g, byte b)
    {
        var background = new RgbColor(r, g, b);
        var pixels = new byte[256 * 256 * 4];
        for (var i = 0; i < 256 * 256; i++)
        {
            pixels[i * 4] = pixels[(i * 4) + 1] = pixels[(i * 4) + 2] = (byte)(i % 256);
            pixels[(i * 4) + 3] = (byte)(i / 256);
        }

        fixed (byte* p = pixels)
        {
            PixelConversions.Rgba8ToRgb(p, p, 256 * 256, background);
        }

        for (var i = 0; i < 256 * 256; i++)
        {
            double c = i % 256, a = i / 256 / 255.0;
            Assert.Equal((byte)Math.Round((c * a) + (r * (1 - a)), MidpointRounding.AwayFromZero), pixels[i * 3]);
            Assert.Equal((byte)Math.Round((c * a) + (b * (1 - a)), MidpointRounding.AwayFromZero), pixels[(i * 3) + 2]);
        }
    }

    [Fact]
    public void GrayToRgbAndBack_RoundTripsGray()
    {
        var pixels = new byte[256 * 3];
        for (var i = 0; i < 256; i++)
        {
            pixels[i] = (byte)i;
        }

        fixed (byte* p = pixels)
        {
            PixelConversions.GrayToRgb(p, 256);
            Assert.Equal([10, 10, 10], pixels.AsSpan(30, 3).ToArray());
            PixelConversions.RgbToGray(p, 256);
        }

        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), pixels.Take(256));
    }
}
