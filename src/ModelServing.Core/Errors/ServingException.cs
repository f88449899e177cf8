namespace ModelServing.Core.Errors;

/// <summary>An error the data plane reports to a caller: a kind and a message that is safe to show.</summary>
/// <remarks>The message never carries paths, stack traces or type names; protocol adapters send it as is.</remarks>
public sealed class ServingException : Exception
{
    /// <summary>Creates the error.</summary>
    public ServingException(ServingErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>Creates the error with the internal cause kept for logs only.</summary>
    public ServingException(ServingErrorKind kind, string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Creates an <see cref="ServingErrorKind.InvalidInput"/> error (for serializers).</summary>
    public ServingException()
        : this(ServingErrorKind.InvalidInput, "Invalid input.")
    {
    }

    /// <summary>Creates an <see cref="ServingErrorKind.InvalidInput"/> error with a message.</summary>
    public ServingException(string message)
        : this(ServingErrorKind.InvalidInput, message)
    {
    }

    /// <summary>Creates an <see cref="ServingErrorKind.InvalidInput"/> error with a message and cause.</summary>
    public ServingException(string message, Exception innerException)
        : this(ServingErrorKind.InvalidInput, message, innerException)
    {
    }

    /// <summary>What went wrong, for mapping to a protocol status code.</summary>
    public ServingErrorKind Kind { get; }

    /// <summary>How long the caller should wait before trying again (a <c>Retry-After</c> header), or null when not known.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Shorthand for an invalid-input error.</summary>
    public static ServingException Invalid(string message) => new(ServingErrorKind.InvalidInput, message);
}
