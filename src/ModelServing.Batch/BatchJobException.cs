namespace ModelServing.Batch;

/// <summary>A batch job cannot start or was aborted; the message is safe to show to whoever started the job.</summary>
public sealed class BatchJobException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchJobException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public BatchJobException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BatchJobException()
    {
    }
}
