using System.Buffers;
using ModelServing.Imaging.Native;

namespace ModelServing.Imaging.Codecs;

internal static unsafe partial class PngCodec
{
    /// <summary>Decodes to 1 channel (gray sources without transparency) or 3 (everything else).</summary>
    public static PixelBuffer Decode(nint ctx, in PngInfo info, RgbColor background)
    {
        var ihdr = info.Ihdr;
        int width = (int)ihdr.Width, height = (int)ihdr.Height;
        var pixelCount = (long)width * height;
        var gray = ihdr.ColorType == LibSpng.ColorGray;
        if (gray && !info.HasTrns && ihdr.BitDepth <= 8)
        {
            return DecodeDirect(ctx, width, height, 1, LibSpng.FormatG8);
        }

        if (ihdr.ColorType is LibSpng.ColorRgb or LibSpng.ColorIndexed && !info.HasTrns && ihdr.BitDepth <= 8)
        {
            return DecodeDirect(ctx, width, height, 3, LibSpng.FormatRgb8);
        }

        if (gray && info.HasTrns && ihdr.BitDepth < 8)
        {
            // libspng ignores tRNS for 1/2/4-bit gray: expand to G8 and apply the colour key here (scaling is injective).
            var keyed = DecodeDirect(ctx, width, height, 1, LibSpng.FormatG8, roomFor: pixelCount * 3);
            var key = info.TrnsGray * 255 / ((1 << ihdr.BitDepth) - 1);
            fixed (byte* p = keyed.Array)
            {
                PixelConversions.GrayKeyedToRgb(p, pixelCount, key, background);
            }

            return keyed.WithChannels(3);
        }

        if (!info.HasTrns && ihdr.BitDepth == 16 && ihdr.ColorType is LibSpng.ColorGray or LibSpng.ColorRgb)
        {
            // Opaque 16-bit: the PNG's own layout in host order, then rounded to 8 bits sample by sample.
            var channels = gray ? 1 : 3;
            return DecodeConverted(ctx, info, channels, LibSpng.FormatPng, 0, channels * 2, &Samples16To8, channels, background);
        }

        // Alpha channel or tRNS: RGBA with transparency applied, composited over the background.
        return ihdr.BitDepth == 16
            ? DecodeConverted(ctx, info, 3, LibSpng.FormatRgba16, LibSpng.DecodeTrns, 8, &Rgba16ToRgb, 1, background)
            : DecodeConverted(ctx, info, 3, LibSpng.FormatRgba8, LibSpng.DecodeTrns, 4, &PixelConversions.Rgba8ToRgb, 1, background);
    }

    private static PixelBuffer DecodeDirect(nint ctx, int width, int height, int channels, int format, int flags = 0, long roomFor = 0)
    {
        nuint size;
        var error = LibSpng.DecodedImageSize(ctx, format, &size);
        if (error != 0)
        {
            throw Failure(error);
        }

        var pixels = PixelBuffer.Rent(width, height, channels, Math.Max(roomFor, (long)size));
        try
        {
            fixed (byte* destination = pixels.Array)
            {
                error = LibSpng.DecodeImage(ctx, destination, size, format, flags);
            }

            return error == 0 ? pixels : throw Failure(error);
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes in <paramref name="format"/> and converts to the final pixels: row by row through one pooled row for
    /// non-interlaced images (no full-size intermediate), in place over a larger buffer for interlaced ones.
    /// </summary>
    /// <param name="ctx">The context.</param>
    /// <param name="info">IHDR and tRNS.</param>
    /// <param name="channels">Final channels (1 or 3).</param>
    /// <param name="format">libspng output format.</param>
    /// <param name="flags">libspng decode flags.</param>
    /// <param name="decodedBytesPerPixel">Bytes per pixel libspng writes in <paramref name="format"/>.</param>
    /// <param name="convert">Converts a run: (source, destination, units, background); may work in place.</param>
    /// <param name="unitsPerPixel">Units <paramref name="convert"/> counts per pixel (samples or pixels).</param>
    /// <param name="background">Background for compositing.</param>
    private static PixelBuffer DecodeConverted(
        nint ctx, in PngInfo info, int channels, int format, int flags, int decodedBytesPerPixel,
        delegate*<byte*, byte*, long, RgbColor, void> convert, int unitsPerPixel, RgbColor background)
    {
        int width = (int)info.Ihdr.Width, height = (int)info.Ihdr.Height;
        if (info.Ihdr.InterlaceMethod != 0)
        {
            var whole = DecodeDirect(ctx, width, height, channels, format, flags);
            fixed (byte* p = whole.Array)
            {
                convert(p, p, (long)width * height * unitsPerPixel, background);
            }

            return whole;
        }

        var error = LibSpng.DecodeImage(ctx, null, 0, format, flags | LibSpng.DecodeProgressive);
        if (error != 0)
        {
            throw Failure(error);
        }

        var rowLength = (long)width * decodedBytesPerPixel;
        if (rowLength > System.Array.MaxLength)
        {
            throw new ImageDecodeException(ImageDecodeError.TooLarge, "image rows are too long to decode");
        }

        var pixels = PixelBuffer.Rent(width, height, channels, 0);
        var row = ArrayPool<byte>.Shared.Rent((int)rowLength);
        try
        {
            fixed (byte* destination = pixels.Array)
            fixed (byte* source = row)
            {
                for (var y = 0; y < height; y++)
                {
                    error = LibSpng.DecodeRow(ctx, source, (nuint)rowLength);
                    if (error != 0 && !(error == LibSpng.EndOfImage && y == height - 1))
                    {
                        throw Failure(error);
                    }

                    convert(source, destination + ((long)y * width * channels), (long)width * unitsPerPixel, background);
                }
            }

            return pixels;
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }
    }

    private static void Samples16To8(byte* source, byte* destination, long samples, RgbColor background) =>
        PixelConversions.Samples16To8((ushort*)source, destination, samples);

    private static void Rgba16ToRgb(byte* source, byte* destination, long pixels, RgbColor background) =>
        PixelConversions.Rgba16ToRgb((ushort*)source, destination, pixels, background);
}
