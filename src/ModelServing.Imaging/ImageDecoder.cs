using ModelServing.Imaging.Codecs;
using ModelServing.Imaging.Native;

namespace ModelServing.Imaging;

/// <summary>Reads headers and decodes JPEG (libjpeg-turbo) and PNG (libspng) images to 8-bit pixels.</summary>
/// <remarks>
/// Thread-safe: TurboJPEG handles are pooled and used by one thread at a time, libspng contexts are per call.
/// Every malformed input ends in an <see cref="ImageDecodeException"/>; a missing native library in a
/// <see cref="NativeCodecUnavailableException"/>. Transparent pixels are composited over a background (white unless
/// given); 16-bit samples are rounded to 8 bits; CMYK JPEGs are converted with R = C * K / 255 (Adobe inverted CMYK).
/// EXIF orientation and colour profiles are ignored, as TensorFlow's decoders do.
/// </remarks>
public static unsafe class ImageDecoder
{
    /// <summary>Checks that both native codec libraries load (call it at startup to fail fast).</summary>
    /// <exception cref="NativeCodecUnavailableException">A library is missing; the message names its Debian package.</exception>
    public static void EnsureNativeLibraries()
    {
        NativeCodecLibraries.EnsureTurboJpeg();
        NativeCodecLibraries.EnsureSpng();
    }

    /// <summary>Reads the header: format by magic bytes, size, colour space, bit depth. Decodes no pixel.</summary>
    /// <remarks>Does not apply a pixel limit: sizes are reported as declared, however large.</remarks>
    /// <exception cref="ImageDecodeException">Empty, not JPEG or PNG, or a malformed header.</exception>
    public static ImageHeader ReadHeader(ReadOnlySpan<byte> encoded)
    {
        fixed (byte* data = encoded)
        {
            var session = DecodeSession.Open(data, encoded, int.MaxValue);
            try
            {
                return session.Header;
            }
            finally
            {
                session.Dispose();
            }
        }
    }

    /// <summary>Decodes the whole image at full size into <paramref name="destination"/>.</summary>
    /// <param name="encoded">JPEG or PNG bytes.</param>
    /// <param name="format">The pixel layout to write.</param>
    /// <param name="destination">At least width * height * (3 or 1) bytes (see <see cref="ReadHeader"/>).</param>
    /// <param name="maxPixels">Largest width * height accepted, checked before any pixel buffer exists.</param>
    /// <param name="background">Colour transparent pixels are composited over (white when null).</param>
    /// <returns>The header of the decoded image.</returns>
    /// <exception cref="ImageDecodeException">The image is refused.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static ImageHeader Decode(
        ReadOnlySpan<byte> encoded, DecodedPixelFormat format, Span<byte> destination,
        long maxPixels = ImageLimits.DefaultMaxPixels, RgbColor? background = null)
    {
        var gray = format == DecodedPixelFormat.Gray8;
        fixed (byte* data = encoded)
        {
            var session = DecodeSession.Open(data, encoded, maxPixels);
            try
            {
                var header = session.Header;
                ImageSniffer.CheckSize(header.Width, header.Height, maxPixels);
                var needed = (long)header.Width * header.Height * (gray ? 1 : 3);
                if (destination.Length < needed)
                {
                    throw new ArgumentException($"destination holds {destination.Length} bytes, the image needs {needed}", nameof(destination));
                }

                fixed (byte* output = destination)
                {
                    if (session.TryDecodeInto(gray, output))
                    {
                        return header;
                    }
                }

                using var pixels = session.Decode(1, gray, background ?? RgbColor.White);
                CopyConverted(pixels, gray, destination);
                return header;
            }
            finally
            {
                session.Dispose();
            }
        }
    }

    private static void CopyConverted(PixelBuffer pixels, bool gray, Span<byte> destination)
    {
        var count = (long)pixels.Width * pixels.Height;
        if (gray && pixels.Channels == 3)
        {
            fixed (byte* p = pixels.Array)
            {
                PixelConversions.RgbToGray(p, count);
            }

            pixels.Array.AsSpan(0, (int)count).CopyTo(destination);
        }
        else if (!gray && pixels.Channels == 1)
        {
            // Expand straight into the destination: the rented array may lack room for three bytes per pixel.
            pixels.Pixels.CopyTo(destination);
            fixed (byte* d = destination)
            {
                PixelConversions.GrayToRgb(d, count);
            }
        }
        else
        {
            pixels.Pixels.CopyTo(destination);
        }
    }
}
