using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ModelServing.Storage.S3;

/// <summary>An S3 (or S3-compatible) bucket and prefix, read through AWSSDK.S3.</summary>
/// <remarks>
/// Thread-safe. Listing pages through ListObjectsV2; downloads stream GetObject's body, conditioned on the listed ETag so an
/// object replaced meanwhile is not mixed up with its listing. A single-part upload's ETag is the object's MD5 and is given as
/// its checksum; a multipart ETag (<c>…-N</c>) is not, and then a full-object CRC32C is used when the object has one, else
/// the size and ETag.
/// </remarks>
internal sealed partial class S3ObjectStore : IObjectStore
{
    private readonly AmazonS3Client _client;
    private readonly StorageLocation _location;
    private readonly string _prefix;
    private readonly int _pageSize;

    /// <summary>The longest wait for the next bytes of an object's body.</summary>
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    private const int CopyBufferBytes = 81920;

    private S3ObjectStore(AmazonS3Client client, StorageLocation location, int pageSize)
    {
        _client = client;
        _location = location;
        _prefix = location.Prefix.Length == 0 ? string.Empty : location.Prefix + "/";
        _pageSize = pageSize;
        DisplayName = location.Prefix.Length == 0 ? $"s3://{location.Bucket}" : $"s3://{location.Bucket}/{location.Prefix}";
    }

    /// <inheritdoc/>
    public string DisplayName { get; }

    /// <summary>Creates the store with a client set up from <paramref name="settings"/>.</summary>
    public static S3ObjectStore Create(StorageLocation location, S3StoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(settings);
        var region = settings.Region ?? FallbackRegion();
        var config = new AmazonS3Config
        {
            // The mirror retries whole objects with its own backoff; the SDK's own retries stay short.
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(100),
            // Checksums are verified by the mirror over the bytes written to disk.
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        };
        if (settings.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = settings.PathStyle;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        var client = settings.Credentials is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
        return new S3ObjectStore(client, location, settings.PageSize);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<RemoteObject> ListAsync(string relativePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePrefix);
        var request = new ListObjectsV2Request { BucketName = _location.Bucket, Prefix = _prefix + relativePrefix, MaxKeys = _pageSize };
        while (true)
        {
            var response = await CallAsync(() => _client.ListObjectsV2Async(request, cancellationToken), "listing objects", null).ConfigureAwait(false);
            foreach (var item in response.S3Objects ?? [])
            {
                if (item.Key.EndsWith('/') || !item.Key.StartsWith(_prefix, StringComparison.Ordinal))
                {
                    // A "folder" placeholder some consoles create.
                    continue;
                }

                yield return await ToRemoteObjectAsync(item, cancellationToken).ConfigureAwait(false);
            }

            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <inheritdoc/>
    public async Task DownloadAsync(RemoteObject item, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(destination);
        var request = new GetObjectRequest { BucketName = _location.Bucket, Key = _prefix + item.Key };
        if (item.ETag is { } etag)
        {
            request.EtagToMatch = etag;
        }

        using var response = await CallAsync(() => _client.GetObjectAsync(request, cancellationToken), "downloading", item.Key).ConfigureAwait(false);
        try
        {
            await CopyWithIdleTimeoutAsync(response.ResponseStream, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: no data arrived for {IdleTimeout.TotalSeconds:F0} s while downloading {item.Key}.", ex);
        }
        catch (AmazonClientException ex) when (ex.Message.Contains("hash not equal", StringComparison.OrdinalIgnoreCase))
        {
            // The SDK checks a single-part object's MD5 ETag itself as the body streams.
            throw new ObjectStoreException(ObjectStoreErrorKind.Corrupt, $"{DisplayName}: {item.Key} does not match its MD5 checksum (ETag).", ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or AmazonClientException)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the connection broke while downloading {item.Key}.", ex);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Copies the body, failing when no byte arrives for <see cref="IdleTimeout"/>: the client's timeout ends at the
    /// response headers, and a store that stalls mid-body would otherwise hold the sync forever.</summary>
    private static async Task CopyWithIdleTimeoutAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (true)
            {
                idle.CancelAfter(IdleTimeout);
                var read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), idle.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string FallbackRegion()
    {
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName ?? "us-east-1";
        }
        catch (AmazonClientException)
        {
            return "us-east-1";
        }
    }
}
