namespace ModelServing.Storage;

/// <summary>
/// Read access to one remote model repository (a bucket or container and a prefix), through the store's own SDK. The
/// repository mirror is the only caller; it knows nothing of S3, Azure or GCS beyond this.
/// </summary>
/// <remarks>
/// Every failure surfaces as an <see cref="ObjectStoreException"/> whose message is safe to show an operator: it names
/// the store and the object, never a credential, a signed URL or an SDK type.
/// </remarks>
public interface IObjectStore : IAsyncDisposable
{
    /// <summary>The repository as an operator wrote it, without credentials (e.g. <c>s3://bucket/models</c>).</summary>
    string DisplayName { get; }

    /// <summary>Lists every object below <paramref name="relativePrefix"/> (recursively), keys relative to the repository.</summary>
    /// <param name="relativePrefix">A prefix below the repository's own, <c>/</c>-separated; empty for everything.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    IAsyncEnumerable<RemoteObject> ListAsync(string relativePrefix, CancellationToken cancellationToken);

    /// <summary>Streams one object into <paramref name="destination"/> as it arrives, never holding it whole in memory.</summary>
    /// <param name="item">The object, as listed.</param>
    /// <param name="destination">Where the bytes go; not disposed.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    Task DownloadAsync(RemoteObject item, Stream destination, CancellationToken cancellationToken);
}
