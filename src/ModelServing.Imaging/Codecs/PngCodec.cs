using System.Buffers.Binary;
using ModelServing.Imaging.Native;

namespace ModelServing.Imaging.Codecs;

/// <summary>PNG header reading and decoding through libspng, to 8-bit gray or RGB.</summary>
/// <remarks>
/// Alpha (colour types 4 and 6, or a tRNS chunk) is composited over a background colour; 16-bit samples are rounded to
/// 8 bits (round(v * 255 / 65535)), after compositing when there is alpha. gAMA, iCCP and other colour metadata are
/// ignored, as TensorFlow and OpenCV do. A context is used for one image by one thread.
/// </remarks>
internal static unsafe partial class PngCodec
{
    // libspng refuses what it inflates (zTXt, iTXt, iCCP) past this, so a decompression bomb cannot grow; stored chunks are
    // checked against the same limit by PngChunks before libspng reads them.
    private const int ChunkSizeLimit = PngChunks.MaxAncillaryChunkBytes;
    private const int ChunkCacheLimit = 64 << 20;

    /// <summary>Opens a decoding context over pinned bytes; free it with <see cref="LibSpng.CtxFree"/>.</summary>
    /// <param name="data">The PNG bytes, pinned for the context's lifetime.</param>
    /// <param name="length">Their count.</param>
    /// <param name="maxSide">libspng's own per-side limit.</param>
    public static nint Open(byte* data, int length, long maxSide)
    {
        NativeCodecLibraries.EnsureSpng();
        var ctx = LibSpng.CtxNew(0);
        if (ctx == 0)
        {
            throw new InvalidOperationException("spng_ctx_new failed (out of native memory)");
        }

        var limit = (uint)Math.Clamp(maxSide, 1, int.MaxValue);
        if (LibSpng.SetPngBuffer(ctx, data, (nuint)length) != 0 || LibSpng.SetImageLimits(ctx, limit, limit) != 0
            || LibSpng.SetChunkLimits(ctx, ChunkSizeLimit, ChunkCacheLimit) != 0)
        {
            LibSpng.CtxFree(ctx);
            throw new InvalidOperationException("libspng refused its settings");
        }

        return ctx;
    }

    /// <summary>Reads IHDR (and tRNS, which precedes the image data) from an open context.</summary>
    public static ImageHeader ReadHeader(nint ctx, ReadOnlySpan<byte> encoded, long maxPixels, out PngInfo info)
    {
        LibSpng.Ihdr ihdr;
        var error = LibSpng.GetIhdr(ctx, &ihdr);
        if (error != 0)
        {
            throw HeaderFailure(error, encoded, maxPixels);
        }

        LibSpng.Trns trns;
        error = LibSpng.GetTrns(ctx, &trns);
        if (error is not (0 or LibSpng.ErrorChunkAvailable))
        {
            throw Failure(error);
        }

        info = new PngInfo(ihdr, error == 0, trns.Gray);
        var hasAlpha = info.HasTrns || ihdr.ColorType is LibSpng.ColorGrayAlpha or LibSpng.ColorRgba;
        var (space, channels) = ihdr.ColorType switch
        {
            LibSpng.ColorGray => (ImageColorSpace.Gray, 1),
            LibSpng.ColorGrayAlpha => (ImageColorSpace.GrayAlpha, 2),
            LibSpng.ColorIndexed => (ImageColorSpace.Palette, 3),
            LibSpng.ColorRgba => (ImageColorSpace.Rgba, 4),
            _ => (ImageColorSpace.Rgb, 3),
        };
        if (info.HasTrns && channels is 1 or 3)
        {
            channels++;
        }

        return new ImageHeader(ImageFormat.Png, (int)ihdr.Width, (int)ihdr.Height, space, channels, ihdr.BitDepth, hasAlpha);
    }

    /// <summary>The caller-safe refusal for a libspng error code.</summary>
    public static ImageDecodeException Failure(int error)
    {
        var native = LibSpng.ErrorMessage(error);
        return error switch
        {
            LibSpng.IoEof or LibSpng.ErrorEof or LibSpng.ErrorIdatTooShort =>
                new ImageDecodeException(ImageDecodeError.Truncated, "truncated PNG data", native),
            LibSpng.ErrorChunkLimits => new ImageDecodeException(ImageDecodeError.TooLarge, "PNG metadata chunk too large", native),
            _ => new ImageDecodeException(ImageDecodeError.Corrupt, "corrupt PNG data", native),
        };
    }

    private static ImageDecodeException HeaderFailure(int error, ReadOnlySpan<byte> encoded, long maxPixels)
    {
        // IHDR is the first chunk: width and height sit at bytes 16..23 when it is there at all.
        if (error is LibSpng.ErrorWidth or LibSpng.ErrorHeight or LibSpng.ErrorUserWidth or LibSpng.ErrorUserHeight
            && encoded.Length >= 24)
        {
            long width = BinaryPrimitives.ReadUInt32BigEndian(encoded[16..]);
            long height = BinaryPrimitives.ReadUInt32BigEndian(encoded[20..]);
            if (width == 0 || height == 0)
            {
                return new ImageDecodeException(ImageDecodeError.ZeroSize, "image has zero width or height", LibSpng.ErrorMessage(error));
            }

            return ImageSniffer.TooLarge(width, height, maxPixels);
        }

        return Failure(error);
    }
}
