using ModelServing.Imaging.Native;

namespace ModelServing.Imaging.Codecs;

/// <summary>JPEG header reading and decoding through TurboJPEG, optionally scaled by 1/2, 1/4 or 1/8 in the DCT domain.</summary>
/// <remarks>
/// Decoding is strict: any libjpeg warning (premature end of data, corrupt Huffman data, extraneous bytes) refuses the
/// image instead of returning gray-filled rows. Progressive JPEGs are limited to 500 scans (TJFLAG_LIMITSCANS).
/// The caller owns the TurboJPEG handle and must not share it between threads.
/// </remarks>
internal static unsafe partial class JpegCodec
{
    private const int DecodeFlags = LibTurboJpeg.FlagStopOnWarning | LibTurboJpeg.FlagLimitScans;

    /// <summary>Reads the header with <paramref name="handle"/>.</summary>
    public static ImageHeader ReadHeader(nint handle, byte* data, int length)
    {
        // TurboJPEG 2.1 returns success without touching the outputs for a stream that ends before any frame header
        // (it takes it for a tables-only datastream), so start from impossible values.
        int width = -1, height = -1, subsampling = -1, colorspace = -1;
        if (LibTurboJpeg.DecompressHeader3(handle, data, (nuint)length, &width, &height, &subsampling, &colorspace) != 0)
        {
            var failure = Failure(handle);

            // libjpeg reads past the end as an end-of-image marker: a cut inside SOF shows up as an empty image.
            throw failure.Error == ImageDecodeError.ZeroSize && !JpegMarkers.HasCompleteFrameHeader(new ReadOnlySpan<byte>(data, length))
                ? new ImageDecodeException(ImageDecodeError.Truncated, "truncated JPEG data", failure.NativeMessage)
                : failure;
        }

        if (width < 1 || height < 1 || colorspace < 0)
        {
            throw JpegMarkers.HasCompleteFrameHeader(new ReadOnlySpan<byte>(data, length))
                ? new ImageDecodeException(ImageDecodeError.Corrupt, "corrupt JPEG data", "no frame header decoded")
                : new ImageDecodeException(ImageDecodeError.Truncated, "truncated JPEG data", "data ends before the frame header");
        }

        var (space, channels) = colorspace switch
        {
            LibTurboJpeg.ColorSpaceGray => (ImageColorSpace.Gray, 1),
            LibTurboJpeg.ColorSpaceRgb => (ImageColorSpace.Rgb, 3),
            LibTurboJpeg.ColorSpaceCmyk => (ImageColorSpace.Cmyk, 4),
            LibTurboJpeg.ColorSpaceYcck => (ImageColorSpace.Ycck, 4),
            _ => (ImageColorSpace.YCbCr, 3),
        };
        return new ImageHeader(ImageFormat.Jpeg, width, height, space, channels, 8, false);
    }

    /// <summary>
    /// The largest power-of-two DCT scale denominator (1, 2, 4 or 8) whose output, ceil(side / denominator), still covers
    /// <paramref name="minWidth"/> x <paramref name="minHeight"/>.
    /// </summary>
    public static int ChooseScaleDenominator(int width, int height, int minWidth, int minHeight)
    {
        var chosen = 1;
        foreach (var denominator in ScalingFactors.Denominators)
        {
            if (denominator > chosen && Scaled(width, denominator) >= minWidth && Scaled(height, denominator) >= minHeight)
            {
                chosen = denominator;
            }
        }

        return chosen;
    }

    /// <summary>TurboJPEG's output size for one side at scale 1/<paramref name="denominator"/> (TJSCALED).</summary>
    public static int Scaled(int side, int denominator) => (int)(((long)side + denominator - 1) / denominator);

    /// <summary>Decodes at scale 1/<paramref name="denominator"/> into gray (1 channel) or RGB (3 channels).</summary>
    /// <param name="handle">A TurboJPEG decompressor owned by the caller.</param>
    /// <param name="data">The JPEG bytes (pinned).</param>
    /// <param name="length">Their count.</param>
    /// <param name="header">The header read from the same bytes.</param>
    /// <param name="denominator">1, 2, 4 or 8.</param>
    /// <param name="gray">Decode luma only (colour JPEGs too); CMYK images still decode to RGB.</param>
    public static PixelBuffer Decode(nint handle, byte* data, int length, in ImageHeader header, int denominator, bool gray)
    {
        var width = Scaled(header.Width, denominator);
        var height = Scaled(header.Height, denominator);
        var cmyk = header.ColorSpace is ImageColorSpace.Cmyk or ImageColorSpace.Ycck;
        var (pixelFormat, decodedChannels, channels) = cmyk
            ? (LibTurboJpeg.PixelFormatCmyk, 4, 3)
            : gray || header.ColorSpace == ImageColorSpace.Gray
                ? (LibTurboJpeg.PixelFormatGray, 1, 1)
                : (LibTurboJpeg.PixelFormatRgb, 3, 3);

        var pixels = PixelBuffer.Rent(width, height, channels, (long)width * height * decodedChannels);
        try
        {
            fixed (byte* destination = pixels.Array)
            {
                if (LibTurboJpeg.Decompress2(handle, data, (nuint)length, destination, width, 0, height, pixelFormat, DecodeFlags) != 0)
                {
                    throw Failure(handle);
                }

                if (cmyk)
                {
                    PixelConversions.CmykToRgb(destination, (long)width * height);
                }
            }

            return pixels;
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes at full size straight into <paramref name="destination"/> when no conversion is needed (gray or colour
    /// JPEG to the matching gray or RGB layout); returns false for CMYK/YCCK, which need a 4-byte intermediate.
    /// </summary>
    public static bool TryDecodeInto(nint handle, byte* data, int length, in ImageHeader header, bool gray, byte* destination)
    {
        if (header.ColorSpace is ImageColorSpace.Cmyk or ImageColorSpace.Ycck || (!gray && header.ColorSpace == ImageColorSpace.Gray))
        {
            return false;
        }

        var pixelFormat = gray ? LibTurboJpeg.PixelFormatGray : LibTurboJpeg.PixelFormatRgb;
        if (LibTurboJpeg.Decompress2(handle, data, (nuint)length, destination, header.Width, 0, header.Height, pixelFormat, DecodeFlags) != 0)
        {
            throw Failure(handle);
        }

        return true;
    }

    /// <summary>The power-of-two downscaling factors this libjpeg-turbo offers, read once.</summary>
    private static class ScalingFactors
    {
        public static readonly int[] Denominators = Read();

        private static int[] Read()
        {
            NativeCodecLibraries.EnsureTurboJpeg();
            int count;
            var factors = LibTurboJpeg.GetScalingFactors(&count);
            var result = new List<int>();
            for (var i = 0; factors is not null && i < count; i++)
            {
                if (factors[i].Num == 1 && factors[i].Denom is 2 or 4 or 8)
                {
                    result.Add(factors[i].Denom);
                }
            }

            return [.. result];
        }
    }
}
