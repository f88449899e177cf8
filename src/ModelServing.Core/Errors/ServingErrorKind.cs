namespace ModelServing.Core.Errors;

/// <summary>The one set of error kinds every protocol maps to its own status codes, in one place per protocol.</summary>
public enum ServingErrorKind
{
    /// <summary>No model of that name (TF Serving NOT_FOUND).</summary>
    ModelNotFound,
    /// <summary>The model exists but not the requested version or label target (NOT_FOUND).</summary>
    VersionNotFound,
    /// <summary>The model or version exists but is not AVAILABLE, or its circuit breaker is open (UNAVAILABLE).</summary>
    NotReady,
    /// <summary>The request is malformed or does not fit the model (INVALID_ARGUMENT).</summary>
    InvalidInput,
    /// <summary>The request asks for something the model cannot do in its current state (FAILED_PRECONDITION).</summary>
    FailedPrecondition,
    /// <summary>The queue is full (RESOURCE_EXHAUSTED).</summary>
    QueueFull,
    /// <summary>The request's deadline passed (DEADLINE_EXCEEDED).</summary>
    DeadlineExceeded,
    /// <summary>The caller went away (CANCELLED).</summary>
    Cancelled,
    /// <summary>The runtime failed while running the model (INTERNAL).</summary>
    RuntimeFailure,
    /// <summary>The operation is not implemented (UNIMPLEMENTED).</summary>
    Unimplemented,
}
