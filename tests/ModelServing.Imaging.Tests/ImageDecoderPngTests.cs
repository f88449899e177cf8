using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests;

public sealed class ImageDecoderPngTests
{
    private const int Width = 37;
    private const int Height = 23;

    [Fact]
    public void Decode_Rgb8_EqualsSource()
    {
        var source = TestImages.Source(Width, Height);
        var png = TestImages.PngRgb(source);

        var (header, decoded) = Decode(png, DecodedPixelFormat.Rgb24);

        Assert.Equal(new ImageHeader(ImageFormat.Png, Width, Height, ImageColorSpace.Rgb, 3, 8, false), header);
        Assert.Equal(source.Pixels, decoded);
    }

    [Theory]
    [InlineData(255, 255, 255)]
    [InlineData(0, 0, 0)]
    [InlineData(10, 200, 90)]
    public void Decode_Rgba8_CompositesOverBackground(byte r, byte g, byte b)
    {
        var source = TestImages.Source(Width, Height, channels: 4);
        var png = PngWriter.Encode(Width, Height, 6, 8, Ints(source.Pixels));
        var background = new RgbColor(r, g, b);

        var (header, decoded) = Decode(png, DecodedPixelFormat.Rgb24, background);

        Assert.Equal(new ImageHeader(ImageFormat.Png, Width, Height, ImageColorSpace.Rgba, 4, 8, true), header);
        Assert.Equal(Composite(Ints(source.Pixels), 4, 255, background), decoded);
    }

    [Fact]
    public void Decode_GrayAlpha8_CompositesOverWhiteByDefault()
    {
        var source = TestImages.Source(Width, Height, channels: 2);
        var png = PngWriter.Encode(Width, Height, 4, 8, Ints(source.Pixels));
        var samples = new int[Width * Height * 4];
        for (var i = 0; i < Width * Height; i++)
        {
            samples[(i * 4) + 0] = samples[(i * 4) + 1] = samples[(i * 4) + 2] = source.Pixels[i * 2];
            samples[(i * 4) + 3] = source.Pixels[(i * 2) + 1];
        }

        var (header, decoded) = Decode(png, DecodedPixelFormat.Rgb24);

        Assert.Equal(ImageColorSpace.GrayAlpha, header.ColorSpace);
        Assert.Equal(Composite(samples, 4, 255, RgbColor.White), decoded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Decode_GrayAtBitDepth_ScalesToEightBits(int bitDepth)
    {
        var max = (1 << bitDepth) - 1;
        var samples = Enumerable.Range(0, Width * Height).Select(i => ((i * 7) + (i / Width)) % (max + 1)).ToArray();
        var png = PngWriter.Encode(Width, Height, 0, bitDepth, samples);

        var (header, decoded) = Decode(png, DecodedPixelFormat.Gray8);

        Assert.Equal(new ImageHeader(ImageFormat.Png, Width, Height, ImageColorSpace.Gray, 1, bitDepth, false), header);
        Assert.Equal(samples.Select(s => (byte)(s * 255 / max)).ToArray(), decoded);
    }

    [Fact]
    public void Decode_Gray2BitWithTrnsKey_PaintsKeyedPixelsWithBackground()
    {
        var samples = Enumerable.Range(0, Width * Height).Select(i => i % 4).ToArray();
        var png = PngWriter.Encode(Width, Height, 0, 2, samples, trns: [0, 2]);
        var background = new RgbColor(1, 2, 3);

        var (header, decoded) = Decode(png, DecodedPixelFormat.Rgb24, background);

        Assert.True(header.HasAlpha);
        var expected = samples.SelectMany(s => s == 2 ? new byte[] { 1, 2, 3 } : [(byte)(s * 85), (byte)(s * 85), (byte)(s * 85)]).ToArray();
        Assert.Equal(expected, decoded);
    }

    [Fact]
    public void Decode_Gray8WithTrnsKey_PaintsKeyedPixelsWithBackground()
    {
        var samples = Enumerable.Range(0, Width * Height).Select(i => (i * 5) % 256).ToArray();
        var png = PngWriter.Encode(Width, Height, 0, 8, samples, trns: [0, 50]);

        var (_, decoded) = Decode(png, DecodedPixelFormat.Rgb24, RgbColor.Black);

        var expected = samples.SelectMany(s => s == 50 ? new byte[] { 0, 0, 0 } : [(byte)s, (byte)s, (byte)s]).ToArray();
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(8, true)]
    [InlineData(4, false)]
    [InlineData(1, true)]
    public void Decode_Palette_ExpandsColorsAndAppliesTrns(int bitDepth, bool withTrns)
    {
        var entries = 1 << bitDepth;
        var palette = Enumerable.Range(0, entries * 3).Select(i => (byte)((i * 37) + 11)).ToArray();
        var alphas = Enumerable.Range(0, entries).Select(i => (byte)((i * 53) % 256)).ToArray();
        var indices = Enumerable.Range(0, Width * Height).Select(i => (i * 13) % entries).ToArray();
        var png = PngWriter.Encode(Width, Height, 3, bitDepth, indices, palette, withTrns ? alphas : null);
        var rgba = indices.SelectMany(i => new[] { (int)palette[i * 3], palette[(i * 3) + 1], palette[(i * 3) + 2], withTrns ? alphas[i] : 255 }).ToArray();

        var (header, decoded) = Decode(png, DecodedPixelFormat.Rgb24);

        Assert.Equal(new ImageHeader(ImageFormat.Png, Width, Height, ImageColorSpace.Palette, withTrns ? 4 : 3, bitDepth, withTrns), header);
        Assert.Equal(Composite(rgba, 4, 255, RgbColor.White), decoded);
    }

    [Fact]
    public void Decode_Rgb16_RoundsToNearestEightBitValue()
    {
        var samples = Enumerable.Range(0, Width * Height * 3).Select(i => (int)((i * 2654435761L) % 65536)).ToArray();
        var png = PngWriter.Encode(Width, Height, 2, 16, samples);

        var (header, decoded) = Decode(png, DecodedPixelFormat.Rgb24);

        Assert.Equal(16, header.BitDepth);
        Assert.Equal(samples.Select(v => (byte)Math.Round(v * 255.0 / 65535.0)).ToArray(), decoded);
    }

    [Fact]
    public void Decode_Gray16_RoundsToNearestEightBitValue()
    {
        var samples = Enumerable.Range(0, Width * Height).Select(i => (int)((i * 40503L) % 65536)).ToArray();
        var png = PngWriter.Encode(Width, Height, 0, 16, samples);

        var (_, decoded) = Decode(png, DecodedPixelFormat.Gray8);

        Assert.Equal(samples.Select(v => (byte)Math.Round(v * 255.0 / 65535.0)).ToArray(), decoded);
    }

    [Fact]
    public void Decode_Rgba16_CompositesAtSixteenBitsThenRounds()
    {
        var samples = Enumerable.Range(0, Width * Height * 4).Select(i => (int)((i * 2246822519L) % 65536)).ToArray();
        var png = PngWriter.Encode(Width, Height, 6, 16, samples);
        var background = new RgbColor(30, 140, 250);

        var (_, decoded) = Decode(png, DecodedPixelFormat.Rgb24, background);

        Assert.Equal(Composite(samples, 4, 65535, background), decoded);
    }

    [Fact]
    public void Decode_RgbAsGray8_IsRoundedBt601Luma()
    {
        var source = TestImages.Source(Width, Height);
        var png = TestImages.PngRgb(source);

        var (_, decoded) = Decode(png, DecodedPixelFormat.Gray8);

        var expected = Enumerable.Range(0, Width * Height)
            .Select(i => (byte)Math.Round((0.299 * source.Pixels[i * 3]) + (0.587 * source.Pixels[(i * 3) + 1]) + (0.114 * source.Pixels[(i * 3) + 2])))
            .ToArray();
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("-interlace PNG", "PNG24:{0}")]
    [InlineData("", "PNG8:{0}")]
    [InlineData("-depth 16", "PNG48:{0}")]
    [InlineData("-interlace PNG -depth 16", "PNG48:{0}")]
    public void Decode_ImageMagickPng_EqualsImageMagicksOwnDecode(string arguments, string output)
    {
        var source = TestImages.Source(61, 43);
        var path = Path.Combine(TestImages.Directory, $"im-source-{Guid.NewGuid():N}.ppm");
        source.WritePnm(path);
        var png = ExternalTools.ImageMagick(File.ReadAllBytes(path), "ppm", arguments, output, TestImages.Directory);
        var reference = RasterImage.ReadPnm(ExternalTools.ImageMagick(png, "png", "-depth 8", "ppm:{0}", TestImages.Directory));

        var (_, decoded) = Decode(png, DecodedPixelFormat.Rgb24);

        Assert.Equal(reference.Pixels, decoded);
    }

    [Fact]
    public void Decode_InterlacedRgbaFromImageMagick_CompositesOverWhite()
    {
        var source = TestImages.Source(29, 31, channels: 4);
        var pam = new MemoryStream();
        pam.Write(System.Text.Encoding.ASCII.GetBytes($"P7\nWIDTH 29\nHEIGHT 31\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n"));
        pam.Write(source.Pixels);
        var png = ExternalTools.ImageMagick(pam.ToArray(), "pam", "-interlace PNG", "PNG32:{0}", TestImages.Directory);

        var (header, decoded) = Decode(png, DecodedPixelFormat.Rgb24);

        Assert.Equal(ImageColorSpace.Rgba, header.ColorSpace);
        Assert.Equal(Composite(Ints(source.Pixels), 4, 255, RgbColor.White), decoded);
    }

    private static (ImageHeader Header, byte[] Pixels) Decode(byte[] png, DecodedPixelFormat format, RgbColor? background = null)
    {
        var header = ImageDecoder.ReadHeader(png);
        var pixels = new byte[header.Width * header.Height * (format == DecodedPixelFormat.Gray8 ? 1 : 3)];
        var decodedHeader = ImageDecoder.Decode(png, format, pixels, background: background);
        Assert.Equal(header, decodedHeader);
        return (header, pixels);
    }

    private static int[] Ints(byte[] bytes) => [.. bytes.Select(b => (int)b)];

    /// <summary>RGBA samples at full scale <paramref name="max"/> composited over the background, rounded to 8 bits, in doubles.</summary>
    private static byte[] Composite(int[] rgba, int channels, int max, RgbColor background)
    {
        var pixels = rgba.Length / channels;
        var result = new byte[pixels * 3];
        Span<double> bg = [background.R / 255.0, background.G / 255.0, background.B / 255.0];
        for (var i = 0; i < pixels; i++)
        {
            var alpha = rgba[(i * channels) + 3] / (double)max;
            for (var c = 0; c < 3; c++)
            {
                var value = (rgba[(i * channels) + c] / (double)max * alpha) + (bg[c] * (1 - alpha));
                result[(i * 3) + c] = (byte)Math.Round(value * 255, MidpointRounding.AwayFromZero);
            }
        }

        return result;
    }
}
