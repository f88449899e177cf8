using System.Buffers.Binary;
using System.IO.Compression;
using ModelServing.Imaging.Codecs;
using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests.Codecs;

/// <summary>
/// The documented 16 MiB limit per PNG ancillary chunk, stored or compressed (issue 14: a 20 MB tEXt chunk passed it,
/// since libspng checks its per-chunk limit only on what it inflates).
/// </summary>
public sealed class PngChunksTests
{
    private const int IhdrEnd = 8 + 12 + 13; // signature, then IHDR's length, type, 13 data bytes and CRC
    private static readonly ImagePreprocessSpec s_spec = new() { Target = ImageTargetSize.Fixed(16, 16) };

    [Fact]
    public void Process_TwentyMegabyteTextChunkBeforeTheImage_SaysMetadataChunkTooLarge()
    {
        var png = WithChunk(SmallPng(), IhdrEnd, "tEXt", Text("Comment", 20_000_000));

        var exception = Assert.Throws<ImageDecodeException>(() => Process(png));

        Assert.Equal((ImageDecodeError.TooLarge, "PNG metadata chunk too large"), (exception.Error, exception.Message));
    }

    [Fact]
    public void ReadHeader_TwentyMegabyteTextChunk_SaysMetadataChunkTooLarge()
    {
        var png = WithChunk(SmallPng(), IhdrEnd, "tEXt", Text("Comment", 20_000_000));

        var exception = Assert.Throws<ImageDecodeException>(() => ImageDecoder.ReadHeader(png));

        Assert.Equal(ImageDecodeError.TooLarge, exception.Error);
    }

    [Fact]
    public void Process_TwentyMegabyteTextChunkAfterTheImage_SaysMetadataChunkTooLarge()
    {
        var small = SmallPng();
        var png = WithChunk(small, small.Length - 12, "tEXt", Text("Comment", 20_000_000)); // before IEND

        var exception = Assert.Throws<ImageDecodeException>(() => Process(png));

        Assert.Equal((ImageDecodeError.TooLarge, "PNG metadata chunk too large"), (exception.Error, exception.Message));
    }

    [Fact]
    public void Process_CompressedTextInflatingPastTheLimit_SaysMetadataChunkTooLarge()
    {
        // 20 MB of zeros deflate to about 20 KB: the limit has to hold on the inflated text too (libspng's own check).
        using var data = new MemoryStream();
        data.Write("Comment\0\0"u8); // keyword, separator, compression method 0
        using (var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(new byte[20_000_000]);
        }

        var png = WithChunk(SmallPng(), IhdrEnd, "zTXt", data.ToArray());

        var exception = Assert.Throws<ImageDecodeException>(() => Process(png));

        Assert.Equal((ImageDecodeError.TooLarge, "PNG metadata chunk too large"), (exception.Error, exception.Message));
    }

    [Fact]
    public void Process_TextChunkUnderTheLimit_Decodes()
    {
        var png = WithChunk(SmallPng(), IhdrEnd, "tEXt", Text("Comment", 1_000_000));

        Process(png);
    }

    [Fact]
    public void CheckSizes_ImageDataPastTheLimit_IsNotRefused()
    {
        // IDAT is the image itself: a large picture may hold one IDAT of any size.
        using var stream = new MemoryStream();
        stream.Write(SmallPng().AsSpan(0, IhdrEnd));
        PngWriter.WriteChunk(stream, "IDAT", new byte[20_000_000]);
        PngWriter.WriteChunk(stream, "IEND", []);

        PngChunks.CheckSizes(stream.ToArray());
    }

    [Fact]
    public void CheckSizes_LengthRunningPastTheData_IsLeftToTheDecoder()
    {
        var png = SmallPng().AsSpan(0, IhdrEnd + 8).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(IhdrEnd), 1_000_000_000);
        "IDAT"u8.CopyTo(png.AsSpan(IhdrEnd + 4));

        PngChunks.CheckSizes(png);
        var exception = Assert.Throws<ImageDecodeException>(() => Process(png));
        Assert.NotEqual(ImageDecodeError.TooLarge, exception.Error);
    }

    private static byte[] SmallPng() => TestImages.PngRgb(TestImages.Source(20, 12));

    /// <summary>A tEXt payload: keyword, NUL, then <paramref name="length"/> bytes of Latin-1 text.</summary>
    private static byte[] Text(string keyword, int length)
    {
        var payload = new byte[keyword.Length + 1 + length];
        System.Text.Encoding.ASCII.GetBytes(keyword, payload);
        payload.AsSpan(keyword.Length + 1).Fill((byte)'a');
        return payload;
    }

    /// <summary>The PNG with one more chunk inserted at <paramref name="offset"/> (a chunk boundary).</summary>
    private static byte[] WithChunk(byte[] png, int offset, string type, byte[] data)
    {
        using var stream = new MemoryStream();
        stream.Write(png.AsSpan(0, offset));
        PngWriter.WriteChunk(stream, type, data);
        stream.Write(png.AsSpan(offset));
        return stream.ToArray();
    }

    private static void Process(byte[] png) => ImagePreprocessor.Process(png, s_spec, new byte[16 * 16 * 3 * 4]);
}
