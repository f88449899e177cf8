namespace ModelServing.Imaging;

/// <summary>A native codec library could not be loaded: a deployment error (HTTP 500), not a bad image.</summary>
/// <remarks>The message names the shared library and the Debian package that provides it.</remarks>
public sealed class NativeCodecUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NativeCodecUnavailableException()
        : base("a native image codec library could not be loaded")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NativeCodecUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the loader's exception.</summary>
    public NativeCodecUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
