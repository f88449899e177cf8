namespace ModelServing.Core.IO;

/// <summary>A file could not be read by <see cref="RegularFiles"/>; the message says why and names no path.</summary>
/// <remarks>The message completes a sentence whose subject is the file: <c>config.json</c> + " " + message.</remarks>
public sealed class RegularFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RegularFileException()
    {
    }

    /// <summary>Creates the exception with what is wrong, e.g. <c>is a FIFO, not a regular file</c>.</summary>
    public RegularFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with what is wrong and its cause.</summary>
    public RegularFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
