using ModelServing.Imaging.Native;

namespace ModelServing.Imaging.Codecs;

internal static partial class JpegCodec
{
    /// <summary>Turns the handle's last error into a caller-safe exception.</summary>
    private static ImageDecodeException Failure(nint handle)
    {
        var native = LibTurboJpeg.ErrorMessage(handle);
        // "Premature end of JPEG file" is the data running out; "premature end of data segment" is a marker inside a scan.
        if (native.Contains("Premature end of JPEG file", StringComparison.Ordinal))
        {
            return new ImageDecodeException(ImageDecodeError.Truncated, "truncated JPEG data", native);
        }

        if (native.Contains("Empty JPEG image", StringComparison.Ordinal))
        {
            return new ImageDecodeException(ImageDecodeError.ZeroSize, "image has zero width or height", native);
        }

        if (native.Contains("Maximum supported image dimension", StringComparison.Ordinal))
        {
            return new ImageDecodeException(ImageDecodeError.TooLarge, "image is larger than 65500 pixels on a side", native);
        }

        return native.StartsWith("Unsupported", StringComparison.Ordinal)
            || native.Contains("Requested features are incompatible", StringComparison.Ordinal)
            || native.Contains("Could not determine subsampling", StringComparison.Ordinal)
            ? new ImageDecodeException(ImageDecodeError.Unsupported, "unsupported JPEG variant", native)
            : new ImageDecodeException(ImageDecodeError.Corrupt, "corrupt JPEG data", native);
    }
}
