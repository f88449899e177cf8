using System.Buffers.Binary;
using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests;

public sealed class ImagePreprocessorBadInputTests
{
    private static readonly ImagePreprocessSpec s_spec = new() { Target = ImageTargetSize.Fixed(16, 16) };

    public static TheoryData<string, byte[], ImageDecodeError, string> NotImages => new()
    {
        { "empty", [], ImageDecodeError.Empty, "empty image data" },
        { "text", "hello, world"u8.ToArray(), ImageDecodeError.NotAnImage, "not a JPEG or PNG image" },
        { "gif", "GIF89a\u0001\u0000\u0001\u0000"u8.ToArray(), ImageDecodeError.NotAnImage, "not a JPEG or PNG image" },
        { "two bytes of JPEG", [0xFF, 0xD8], ImageDecodeError.NotAnImage, "not a JPEG or PNG image" },
        { "JPEG signature only", [0xFF, 0xD8, 0xFF], ImageDecodeError.Truncated, "truncated JPEG data" },
        { "PNG signature only", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], ImageDecodeError.Truncated, "truncated PNG data" },
    };

    [Theory]
    [MemberData(nameof(NotImages))]
    public void Process_NotAnImage_ThrowsShortSafeMessage(string name, byte[] bytes, ImageDecodeError error, string message)
    {
        var exception = Assert.Throws<ImageDecodeException>(() => Process(bytes));

        Assert.Equal((error, message), (exception.Error, exception.Message));
        Assert.NotNull(name);
    }

    [Theory]
    [InlineData("-quality 90")]
    [InlineData("-quality 90 -progressive")]
    [InlineData("-quality 90 -grayscale -optimize")]
    public void Process_JpegTruncatedAtEveryCutPoint_ThrowsImageDecodeException(string arguments)
    {
        var jpeg = TestImages.Jpeg(48, 40, arguments);

        for (var length = 0; length < jpeg.Length - 2; length += length < 64 ? 1 : 7)
        {
            var exception = Assert.Throws<ImageDecodeException>(() => Process(jpeg.AsSpan(0, length).ToArray()));
            Assert.Contains(exception.Error, new[] { ImageDecodeError.Empty, ImageDecodeError.NotAnImage, ImageDecodeError.Truncated, ImageDecodeError.Corrupt });
        }
    }

    [Fact]
    public void Process_JpegCutInTheScan_SaysTruncated()
    {
        var jpeg = TestImages.Jpeg(64, 64, "-quality 90");

        var exception = Assert.Throws<ImageDecodeException>(() => Process(jpeg.AsSpan(0, jpeg.Length * 3 / 4).ToArray()));

        Assert.Equal((ImageDecodeError.Truncated, "truncated JPEG data"), (exception.Error, exception.Message));
        Assert.Contains("Premature end", exception.NativeMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(6, 16)]
    [InlineData(3, 8)]
    public void Process_PngTruncatedAtEveryCutPoint_ThrowsImageDecodeException(int colorType, int bitDepth)
    {
        var channels = colorType switch { 2 => 3, 6 => 4, _ => 1 };
        var samples = Enumerable.Range(0, 24 * 20 * channels).Select(i => (i * 7919) % (1 << Math.Min(bitDepth, 8))).ToArray();
        var palette = colorType == 3 ? Enumerable.Range(0, 768).Select(i => (byte)i).ToArray() : null;
        var png = PngWriter.Encode(24, 20, colorType, bitDepth, samples, palette);

        // Up to the end of the IDAT data: libspng finishes once the zlib stream (Adler-32 checked) is complete, so a PNG cut in
        // the last IDAT's CRC or in IEND still yields every pixel and is accepted.
        for (var length = 0; length < png.Length - 16; length += length < 80 ? 1 : 5)
        {
            Assert.Throws<ImageDecodeException>(() => Process(png.AsSpan(0, length).ToArray()));
        }
    }

    [Fact]
    public void Process_PngWithBadCrc_SaysCorrupt()
    {
        var png = TestImages.PngRgb(TestImages.Source(20, 20));
        png[^20] ^= 0x40; // inside the IDAT payload: its CRC no longer matches

        var exception = Assert.Throws<ImageDecodeException>(() => Process(png));

        Assert.Equal((ImageDecodeError.Corrupt, "corrupt PNG data"), (exception.Error, exception.Message));
    }

    [Fact]
    public void Process_JpegWithGarbageInTheScan_Throws()
    {
        var jpeg = TestImages.Jpeg(64, 64, "-quality 90");
        for (var i = jpeg.Length / 2; i < jpeg.Length / 2 + 40; i++)
        {
            jpeg[i] = (byte)(i * 31); // includes 0xFF 0xxx pairs: bogus markers in entropy-coded data
        }

        Assert.Throws<ImageDecodeException>(() => Process(jpeg));
    }

    [Fact]
    public void Process_PngDeclaringZeroWidth_SaysZeroSize()
    {
        var exception = Assert.Throws<ImageDecodeException>(() => Process(PngWithSize(0, 10)));

        Assert.Equal((ImageDecodeError.ZeroSize, "image has zero width or height"), (exception.Error, exception.Message));
    }

    [Fact]
    public void Process_JpegDeclaringZeroHeight_SaysZeroSize()
    {
        var exception = Assert.Throws<ImageDecodeException>(() => Process(JpegWithSize(16, 0)));

        Assert.Equal((ImageDecodeError.ZeroSize, "image has zero width or height"), (exception.Error, exception.Message));
    }

    [Theory]
    [InlineData("png", 100_000, 100_000, "image is 100000x100000 pixels, more than the 40000000 allowed")]
    [InlineData("png", 40_000_001, 1, "image is 40000001x1 pixels, more than the 40000000 allowed")]
    [InlineData("jpeg", 60_000, 60_000, "image is 60000x60000 pixels, more than the 40000000 allowed")]
    [InlineData("jpeg", 8_000, 5_001, "image is 8000x5001 pixels, more than the 40000000 allowed")]
    [InlineData("jpeg", 65_535, 65_535, "image is larger than 65500 pixels on a side")]
    public void Process_PixelBombHeader_RefusesBeforeAllocatingPixels(string format, int width, int height, string message)
    {
        var bomb = format == "png" ? PngWithSize(width, height) : JpegWithSize(width, height);
        Process(TestImages.PngRgb(TestImages.Source(8, 8))); // warm up pools and JIT
        var before = GC.GetAllocatedBytesForCurrentThread();

        var exception = Assert.Throws<ImageDecodeException>(() => Process(bomb));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((ImageDecodeError.TooLarge, message), (exception.Error, exception.Message));
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Process_SmallerPixelLimit_IsApplied()
    {
        var png = TestImages.PngRgb(TestImages.Source(100, 100));

        var exception = Assert.Throws<ImageDecodeException>(() => ImagePreprocessor.Process(png, s_spec with { MaxPixels = 9_999 }, new byte[16 * 16 * 3 * 4]));

        Assert.Equal("image is 100x100 pixels, more than the 9999 allowed", exception.Message);
    }

    [Fact]
    public void Process_DestinationOfWrongLength_ThrowsArgumentException()
    {
        var png = TestImages.PngRgb(TestImages.Source(10, 10));

        Assert.Throws<ArgumentException>(() => ImagePreprocessor.Process(png, s_spec, new byte[(16 * 16 * 3 * 4) - 1]));
    }

    /// <summary>A valid PNG (signature, IHDR with correct CRC, a tiny IDAT, IEND) declaring any size.</summary>
    internal static byte[] PngWithSize(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        PngWriter.WriteChunk(stream, "IHDR", ihdr);
        PngWriter.WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        PngWriter.WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>A real cjpeg JPEG whose SOF0 marker is patched to declare another size.</summary>
    internal static byte[] JpegWithSize(int width, int height)
    {
        var jpeg = TestImages.Jpeg(16, 16, "-quality 90").ToArray();
        for (var i = 2; i < jpeg.Length - 9; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), (ushort)width);
                return jpeg;
            }
        }

        throw new InvalidOperationException("no SOF0 marker");
    }

    private static void Process(byte[] bytes) => ImagePreprocessor.Process(bytes, s_spec, new byte[16 * 16 * 3 * 4]);
}
