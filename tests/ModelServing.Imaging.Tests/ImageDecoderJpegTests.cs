using ModelServing.Imaging.Codecs;
using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests;

public sealed class ImageDecoderJpegTests
{
    [Theory]
    [InlineData(160, 120, 3, "-quality 90")]
    [InlineData(97, 61, 3, "-quality 75 -sample 1x1")]
    [InlineData(128, 96, 3, "-quality 95 -sample 2x1")]
    [InlineData(33, 17, 3, "-quality 50")]
    [InlineData(101, 67, 3, "-quality 85 -progressive")]
    [InlineData(90, 70, 3, "-quality 90 -optimize -restart 1")]
    [InlineData(64, 48, 3, "-quality 80 -arithmetic")]
    [InlineData(80, 64, 3, "-quality 90 -grayscale")]
    [InlineData(75, 50, 1, "-quality 85")]
    [InlineData(1, 1, 3, "-quality 90")]
    public void Decode_CjpegImageAtFullSize_EqualsDjpegByteForByte(int width, int height, int channels, string arguments)
    {
        var jpeg = TestImages.Jpeg(width, height, arguments, channels);
        var reference = ExternalTools.Djpeg(jpeg, TestImages.Directory);
        var format = reference.Channels == 1 ? DecodedPixelFormat.Gray8 : DecodedPixelFormat.Rgb24;
        var decoded = new byte[reference.Pixels.Length];

        var header = ImageDecoder.Decode(jpeg, format, decoded);

        Assert.Equal((width, height), (header.Width, header.Height));
        Assert.Equal(reference.Pixels, decoded);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public unsafe void Decode_DctScaled_EqualsDjpegScaleByteForByte(int denominator)
    {
        var jpeg = TestImages.Jpeg(203, 157, "-quality 88");
        var reference = ExternalTools.Djpeg(jpeg, TestImages.Directory, $"-scale 1/{denominator}");

        fixed (byte* data = jpeg)
        {
            var session = DecodeSession.Open(data, jpeg, ImageLimits.DefaultMaxPixels);
            try
            {
                using var pixels = session.Decode(denominator, gray: false, RgbColor.White);

                Assert.Equal((reference.Width, reference.Height), (pixels.Width, pixels.Height));
                Assert.Equal(reference.Pixels, pixels.Pixels.ToArray());
            }
            finally
            {
                session.Dispose();
            }
        }
    }

    [Fact]
    public void Decode_ColorJpegAsGray8_EqualsDjpegGrayscale()
    {
        var jpeg = TestImages.Jpeg(120, 90, "-quality 90");
        var reference = ExternalTools.Djpeg(jpeg, TestImages.Directory, "-grayscale");
        var decoded = new byte[120 * 90];

        ImageDecoder.Decode(jpeg, DecodedPixelFormat.Gray8, decoded);

        Assert.Equal(reference.Pixels, decoded);
    }

    [Fact]
    public void Decode_GrayJpegAsRgb24_ReplicatesGray()
    {
        var jpeg = TestImages.Jpeg(50, 40, "-quality 90", channels: 1);
        var reference = ExternalTools.Djpeg(jpeg, TestImages.Directory).ToRgb();
        var decoded = new byte[50 * 40 * 3];

        ImageDecoder.Decode(jpeg, DecodedPixelFormat.Rgb24, decoded);

        Assert.Equal(reference.Pixels, decoded);
    }

    [Theory]
    [InlineData("-quality 90", ImageColorSpace.YCbCr, 3)]
    [InlineData("-quality 90 -grayscale", ImageColorSpace.Gray, 1)]
    [InlineData("-quality 90 -rgb", ImageColorSpace.Rgb, 3)]
    public void ReadHeader_CjpegImage_ReportsSizeAndColorSpace(string arguments, ImageColorSpace colorSpace, int channels)
    {
        var jpeg = TestImages.Jpeg(77, 55, arguments);

        var header = ImageDecoder.ReadHeader(jpeg);

        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 77, 55, colorSpace, channels, 8, false), header);
    }

    [Fact]
    public void Decode_RgbJpeg_EqualsDjpeg()
    {
        var jpeg = TestImages.Jpeg(64, 40, "-quality 90 -rgb");
        var reference = ExternalTools.Djpeg(jpeg, TestImages.Directory);
        var decoded = new byte[reference.Pixels.Length];

        ImageDecoder.Decode(jpeg, DecodedPixelFormat.Rgb24, decoded);

        Assert.Equal(reference.Pixels, decoded);
    }

    [Fact]
    public void Decode_CmykJpegFromImageMagick_ConvertsToRgbCloseToSource()
    {
        var source = TestImages.Source(96, 64, noise: 0);
        var path = Path.Combine(TestImages.Directory, "cmyk-source.ppm");
        source.WritePnm(path);
        var cmyk = ExternalTools.ImageMagick(File.ReadAllBytes(path), "ppm", "-colorspace CMYK -quality 100", "jpg:{0}", TestImages.Directory);
        var magickRgb = RasterImage.ReadPnm(ExternalTools.ImageMagick(cmyk, "jpg", "-colorspace sRGB -depth 8", "ppm:{0}", TestImages.Directory));
        var decoded = new byte[96 * 64 * 3];

        var header = ImageDecoder.Decode(cmyk, DecodedPixelFormat.Rgb24, decoded);

        Assert.Contains(header.ColorSpace, new[] { ImageColorSpace.Cmyk, ImageColorSpace.Ycck });
        Assert.Equal(4, header.Channels);
        // Same CMYK samples, two conversions: ImageMagick's and ours (R = C * K / 255) agree to rounding.
        Assert.True(MaxAbsDifference(magickRgb.Pixels, decoded) <= 1, $"max diff vs ImageMagick {MaxAbsDifference(magickRgb.Pixels, decoded)}");
        // And the round trip through CMYK JPEG at quality 100 stays close to the source.
        Assert.True(MeanAbsDifference(source.Pixels, decoded) < 2.0, $"mean diff vs source {MeanAbsDifference(source.Pixels, decoded)}");
    }

    internal static int MaxAbsDifference(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
    }

    internal static double MeanAbsDifference(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => (double)Math.Abs(e - a)).Average();
    }
}
