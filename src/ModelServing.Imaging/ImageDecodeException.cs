namespace ModelServing.Imaging;

/// <summary>An encoded image that cannot be decoded: not an image, too large, truncated, corrupt or unsupported.</summary>
/// <remarks>
/// <see cref="Exception.Message"/> is short and safe to show to callers (no path, no native text, only sizes);
/// <see cref="NativeMessage"/> keeps the codec's own words for logs.
/// </remarks>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageDecodeException()
        : this(ImageDecodeError.Corrupt, "corrupt image data")
    {
    }

    /// <summary>Creates the exception with a caller-safe message.</summary>
    public ImageDecodeException(string message)
        : this(ImageDecodeError.Corrupt, message)
    {
    }

    /// <summary>Creates the exception with a caller-safe message and the exception that caused it.</summary>
    public ImageDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = ImageDecodeError.Corrupt;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="error">The kind of failure.</param>
    /// <param name="message">A short message safe to show to callers.</param>
    /// <param name="nativeMessage">The codec's own message, for logs only.</param>
    public ImageDecodeException(ImageDecodeError error, string message, string? nativeMessage = null)
        : base(message)
    {
        Error = error;
        NativeMessage = nativeMessage;
    }

    /// <summary>The kind of failure.</summary>
    public ImageDecodeError Error { get; }

    /// <summary>The native codec's message (libjpeg-turbo or libspng), for logs; null when the failure was ours.</summary>
    public string? NativeMessage { get; }
}
