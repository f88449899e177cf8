namespace ModelServing.Core.Runtime;

/// <summary>A model version could not be loaded; the message goes into the version's status and must be safe to show.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the error.</summary>
    public ModelLoadException()
        : base("The model could not be loaded.")
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public ModelLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and the cause (kept for logs).</summary>
    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
