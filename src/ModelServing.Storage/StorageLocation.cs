namespace ModelServing.Storage;

/// <summary>Which kind of store a repository URI names.</summary>
public enum StorageKind
{
    /// <summary>Google Cloud Storage, <c>gs://bucket/prefix</c>.</summary>
    Gcs,

    /// <summary>Amazon S3 or an S3-compatible store, <c>s3://bucket/prefix</c>.</summary>
    S3,

    /// <summary>Azure Blob Storage, <c>az://account/container/prefix</c> or <c>https://account.blob.core.windows.net/container/prefix</c>.</summary>
    AzureBlob,
}

/// <summary>A remote model repository: the store, its bucket (or account and container) and the prefix below which models live.</summary>
/// <param name="Kind">The store.</param>
/// <param name="Account">The Azure storage account; null for GCS and S3.</param>
/// <param name="Bucket">The bucket (GCS, S3) or container (Azure).</param>
/// <param name="Prefix">The key prefix, without leading or trailing <c>/</c>; empty for the whole bucket.</param>
/// <param name="Uri">The URI as given, for messages (it never carries credentials: a query string is refused).</param>
public sealed record StorageLocation(StorageKind Kind, string? Account, string Bucket, string Prefix, string Uri)
{
    private const string AzureHostSuffix = ".blob.core.windows.net";

    /// <summary>Whether <paramref name="value"/> names a remote store rather than a local path.</summary>
    /// <param name="value">A repository root as configured.</param>
    public static bool IsRemote(string value) =>
        value.StartsWith("gs://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("az://", StringComparison.OrdinalIgnoreCase)
        || (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            && System.Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && uri.Host.EndsWith(AzureHostSuffix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a remote repository URI.</summary>
    /// <param name="value">e.g. <c>gs://bucket/models</c>, <c>s3://bucket</c>, <c>az://account/container/models</c>.</param>
    /// <returns>The location.</returns>
    /// <exception cref="FormatException">The URI is not one of the supported forms; the message says which form is expected.</exception>
    public static StorageLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!System.Uri.TryCreate(value, UriKind.Absolute, out var uri) || !IsRemote(value))
        {
            throw new FormatException($"'{value}' is not a gs://, s3://, az:// or https://<account>{AzureHostSuffix} URI.");
        }

        if (uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            // A SAS token or user:password in the URI would end up in logs and status messages.
            throw new FormatException("A model repository URI may not carry a query string or user information; give credentials through the store's environment.");
        }

        var path = uri.AbsolutePath.Trim('/');
        switch (uri.Scheme.ToLowerInvariant())
        {
            case "gs":
                return new(StorageKind.Gcs, null, RequireName(uri.Host, value, "bucket"), path, value);
            case "s3":
                return new(StorageKind.S3, null, RequireName(uri.Host, value, "bucket"), path, value);
            case "az":
                var (container, prefix) = SplitFirst(path);
                return new(StorageKind.AzureBlob, RequireName(uri.Host, value, "account"), RequireName(container, value, "container"), prefix, value);
            default:
                var (httpsContainer, httpsPrefix) = SplitFirst(path);
                var account = uri.Host[..^AzureHostSuffix.Length];
                return new(StorageKind.AzureBlob, RequireName(account, value, "account"), RequireName(httpsContainer, value, "container"), httpsPrefix, value);
        }
    }

    private static (string First, string Remainder) SplitFirst(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (path, string.Empty) : (path[..slash], path[(slash + 1)..].Trim('/'));
    }

    private static string RequireName(string name, string value, string what) =>
        name.Length > 0 ? name : throw new FormatException($"'{value}' names no {what}.");
}
