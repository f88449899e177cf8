using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Google.Api.Gax;
using Google.Cloud.Storage.V1;

namespace ModelServing.Storage.Gcs;

/// <summary>A Google Cloud Storage bucket and prefix, read through Google.Cloud.Storage.V1.</summary>
/// <remarks>
/// Thread-safe. The client is built on first use with <see cref="EmulatorDetection.EmulatorOrProduction"/>: when
/// <c>STORAGE_EMULATOR_HOST</c> is set the Google client connects there without credentials, otherwise it uses application
/// default credentials. Building it may ask the metadata server, so it happens asynchronously and is retried on the next
/// call when it fails. Listing pages through the JSON API; downloads stream the object. The checksum is the object's CRC32C
/// (which GCS keeps for every object), else its MD5; the mirror verifies it over the bytes written, so the SDK's own hash
/// check is off. A download is conditioned on the generation the listing gave for that key and ETag (remembered here, as
/// <see cref="RemoteObject"/> has no generation), so an object replaced meanwhile fails as changed, not as corrupt.
/// </remarks>
internal sealed partial class GcsObjectStore : IObjectStore
{
    private readonly StorageLocation _location;
    private readonly GcsStoreSettings _settings;
    private readonly string _prefix;
    private readonly SemaphoreSlim _clientLock = new(1, 1);
    private readonly ConcurrentDictionary<string, (string? ETag, long Generation)> _generations = new(StringComparer.Ordinal);
    private StorageClient? _client;

    private GcsObjectStore(StorageLocation location, GcsStoreSettings settings)
    {
        _location = location;
        _settings = settings;
        _prefix = location.Prefix.Length == 0 ? string.Empty : location.Prefix + "/";
        DisplayName = location.Prefix.Length == 0 ? $"gs://{location.Bucket}" : $"gs://{location.Bucket}/{location.Prefix}";
    }

    /// <inheritdoc/>
    public string DisplayName { get; }

    /// <summary>Creates the store; the Google client itself is built on first use.</summary>
    public static GcsObjectStore Create(StorageLocation location, GcsStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(settings);
        if (location.Kind != StorageKind.Gcs)
        {
            throw new ArgumentException($"{location.Uri} is not a gs:// location.", nameof(location));
        }

        return new GcsObjectStore(location, settings);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<RemoteObject> ListAsync(string relativePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePrefix);
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var options = new ListObjectsOptions { PageSize = _settings.PageSize };
        if (_settings.ListRetry is { } retry)
        {
            options.RetryOptions = retry;
        }

        var pages = client.ListObjectsAsync(_location.Bucket, _prefix + relativePrefix, options).AsRawResponses();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (await CallAsync(() => enumerator.MoveNextAsync().AsTask(), "listing", null, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in enumerator.Current.Items ?? [])
            {
                if (item.Name.EndsWith('/') || !item.Name.StartsWith(_prefix, StringComparison.Ordinal))
                {
                    // A "folder" placeholder the console creates.
                    continue;
                }

                yield return ToRemoteObject(item);
            }
        }
    }

    /// <inheritdoc/>
    public async Task DownloadAsync(RemoteObject item, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(destination);
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var options = new DownloadObjectOptions { DownloadValidationMode = DownloadValidationMode.Never };
        if (_generations.TryGetValue(item.Key, out var listed) && listed.ETag == item.ETag)
        {
            options.IfGenerationMatch = listed.Generation;
        }

        // The client's HTTP timeout ends at the response headers: a body that stops arriving is timed out here instead.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_settings.IdleTimeout);
        var watched = new WriteWatchStream(destination, () => idle.CancelAfter(_settings.IdleTimeout));
        try
        {
            await CallAsync(
                async () =>
                {
                    await client.DownloadObjectAsync(_location.Bucket, _prefix + item.Key, watched, options, idle.Token).ConfigureAwait(false);
                    return true;
                },
                "downloading",
                item.Key,
                cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectStoreException ex) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectStoreException(
                ObjectStoreErrorKind.Unavailable,
                string.Create(CultureInfo.InvariantCulture, $"{DisplayName}: no data arrived for {_settings.IdleTimeout.TotalSeconds:0.###} s while downloading {item.Key}."),
                ex.InnerException);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _clientLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<StorageClient> GetClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } existing)
        {
            return existing;
        }

        await _clientLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is null)
            {
                var builder = new StorageClientBuilder { EmulatorDetection = EmulatorDetection.EmulatorOrProduction };
                StorageClient client;
                try
                {
                    client = await CallAsync(() => builder.BuildAsync(cancellationToken), "finding credentials", null, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException ex)
                {
                    // No application default credentials (or an unreadable credentials file); the message can quote the file.
                    throw new ObjectStoreException(
                        ObjectStoreErrorKind.AccessDenied,
                        $"{DisplayName}: no Google application default credentials were found (GOOGLE_APPLICATION_CREDENTIALS, gcloud auth application-default login, or the metadata server).",
                        ex);
                }

                Volatile.Write(ref _client, client);
            }

            return _client!;
        }
        finally
        {
            _clientLock.Release();
        }
    }
}
