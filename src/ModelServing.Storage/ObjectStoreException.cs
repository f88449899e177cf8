namespace ModelServing.Storage;

/// <summary>What went wrong talking to a remote store, in the terms an operator acts on.</summary>
public enum ObjectStoreErrorKind
{
    /// <summary>The bucket, container or object does not exist.</summary>
    NotFound,

    /// <summary>The credentials were refused or lack permission.</summary>
    AccessDenied,

    /// <summary>The store could not be reached or answered with a server error; trying again later may succeed.</summary>
    Unavailable,

    /// <summary>An object's bytes did not match its size or checksum.</summary>
    Corrupt,
}

/// <summary>A remote store failure whose message names the store and object but never a credential or SDK detail.</summary>
public sealed class ObjectStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">An operator-safe description (store and object names only).</param>
    /// <param name="innerException">The SDK's exception, kept for logs at debug level only.</param>
    public ObjectStoreException(ObjectStoreErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    /// <summary>What went wrong.</summary>
    public ObjectStoreErrorKind Kind { get; }

    /// <summary>Whether a later attempt may succeed without anyone changing anything.</summary>
    public bool IsTransient => Kind == ObjectStoreErrorKind.Unavailable;
}
