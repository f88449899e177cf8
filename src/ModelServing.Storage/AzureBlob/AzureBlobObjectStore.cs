using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ModelServing.Storage.AzureBlob;

/// <summary>An Azure Blob Storage container and prefix, read through Azure.Storage.Blobs.</summary>
/// <remarks>
/// Thread-safe. Credentials: <c>AZURE_STORAGE_CONNECTION_STRING</c> when it names the repository's account (this is also how
/// Azurite is reached, its <c>BlobEndpoint</c> carrying the emulator's address); a connection string for another account is
/// not used (it would read another account's container), and the store then takes <c>DefaultAzureCredential</c> against
/// <c>https://&lt;account&gt;.blob.core.windows.net</c>, saying so in any access-denied message. Listing is flat (every blob
/// below the prefix, paged), skipping the directory entries of hierarchical-namespace accounts. Downloads stream the blob,
/// conditioned on the listed ETag. Content-MD5 is the checksum when the blob has one, else the mirror compares size and ETag.
/// </remarks>
internal sealed partial class AzureBlobObjectStore : IObjectStore
{
    private readonly BlobContainerClient _container;
    private readonly StorageLocation _location;
    private readonly string _prefix;
    private readonly int _pageSize;
    private readonly string? _credentialNote;

    private AzureBlobObjectStore(BlobContainerClient container, StorageLocation location, int pageSize, string? credentialNote)
    {
        _container = container;
        _location = location;
        _prefix = location.Prefix.Length == 0 ? string.Empty : location.Prefix + "/";
        _pageSize = pageSize;
        _credentialNote = credentialNote;
        DisplayName = location.Prefix.Length == 0
            ? $"az://{location.Account}/{location.Bucket}"
            : $"az://{location.Account}/{location.Bucket}/{location.Prefix}";
    }

    /// <inheritdoc/>
    public string DisplayName { get; }

    /// <summary>Creates the store with a client set up from <paramref name="settings"/>.</summary>
    /// <exception cref="ObjectStoreException">The connection string cannot be parsed (the message does not quote it).</exception>
    public static AzureBlobObjectStore Create(StorageLocation location, AzureBlobStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(settings);
        if (location.Kind != StorageKind.AzureBlob || location.Account is null)
        {
            throw new ArgumentException($"{location.Uri} is not an Azure Blob location.", nameof(location));
        }

        // Names are used exactly as listed (the SDK would otherwise trim leading and trailing slashes).
        var options = new BlobClientOptions { TrimBlobNameSlashes = false };
        options.Retry.MaxRetries = settings.MaxRetries;
        options.Retry.Delay = settings.RetryDelay ?? TimeSpan.FromSeconds(0.8);
        options.Retry.Mode = RetryMode.Exponential;

        BlobServiceClient? service = null;
        string? note = null;
        if (settings.ConnectionString is { } connectionString)
        {
            var fromConnectionString = FromConnectionString(connectionString, options);
            if (string.Equals(fromConnectionString.AccountName, location.Account, StringComparison.OrdinalIgnoreCase))
            {
                service = fromConnectionString;
            }
            else
            {
                note = $"{AzureBlobStoreSettings.ConnectionStringVariable} is for account {fromConnectionString.AccountName}, not {location.Account}, "
                    + "so it was not used and Azure.Identity's default credential was tried";
            }
        }

        service ??= new BlobServiceClient(
            new Uri($"https://{location.Account}.blob.core.windows.net"), settings.Credential ?? new DefaultAzureCredential(), options);
        return new AzureBlobObjectStore(service.GetBlobContainerClient(location.Bucket), location, settings.PageSize, note);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<RemoteObject> ListAsync(string relativePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePrefix);
        var options = new GetBlobsOptions { Prefix = _prefix + relativePrefix, Traits = BlobTraits.Metadata };
        var pages = _container.GetBlobsAsync(options, cancellationToken).AsPages(pageSizeHint: _pageSize);
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (await CallAsync(() => enumerator.MoveNextAsync().AsTask(), "listing", null, cancellationToken).ConfigureAwait(false))
        {
            foreach (var blob in enumerator.Current.Values)
            {
                if (IsDirectory(blob) || !blob.Name.StartsWith(_prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                yield return ToRemoteObject(blob);
            }
        }
    }

    /// <inheritdoc/>
    public async Task DownloadAsync(RemoteObject item, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(destination);
        var blob = _container.GetBlobClient(_prefix + item.Key);
        var options = new BlobDownloadOptions();
        if (item.ETag is { } etag)
        {
            options.Conditions = new BlobRequestConditions { IfMatch = new ETag(etag) };
        }

        var response = await CallAsync(() => blob.DownloadStreamingAsync(options, cancellationToken), "downloading", item.Key, cancellationToken)
            .ConfigureAwait(false);
        using var result = response.Value;
        await CallAsync(
            async () =>
            {
                // The SDK's content stream resumes a broken connection from where it stopped (a ranged retry).
                await result.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
                return true;
            },
            "downloading",
            item.Key,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static BlobServiceClient FromConnectionString(string connectionString, BlobClientOptions options)
    {
        try
        {
            return new BlobServiceClient(connectionString, options);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's message can quote the string, key and all: neither it nor the exception is kept.
            throw new ObjectStoreException(
                ObjectStoreErrorKind.AccessDenied,
                $"{AzureBlobStoreSettings.ConnectionStringVariable} is not a valid Azure Storage connection string.");
        }
    }

    private static bool IsDirectory(BlobItem blob) =>
        blob.Name.EndsWith('/')
        || (blob.Metadata is { } metadata && metadata.TryGetValue("hdi_isfolder", out var folder)
            && string.Equals(folder, "true", StringComparison.OrdinalIgnoreCase));

    private RemoteObject ToRemoteObject(BlobItem blob)
    {
        var properties = blob.Properties;
        var checksum = properties.ContentHash is { Length: 16 } md5 ? new ObjectChecksum(ChecksumKind.Md5, md5) : null;
        return new RemoteObject(blob.Name[_prefix.Length..], properties.ContentLength ?? 0, properties.ETag?.ToString(), checksum, properties.LastModified);
    }
}
