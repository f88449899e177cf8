using Azure.Core;

namespace ModelServing.Storage.AzureBlob;

/// <summary>How the Azure Blob client is set up: a connection string when the environment gives one, else Azure.Identity.</summary>
/// <param name="ConnectionString">The value of <c>AZURE_STORAGE_CONNECTION_STRING</c> (an account key, a SAS or an emulator's
/// <c>BlobEndpoint</c>), or null to use <paramref name="Credential"/> against <c>https://&lt;account&gt;.blob.core.windows.net</c>.
/// It is used only when it names the repository's account; see <see cref="AzureBlobObjectStore"/>.</param>
/// <param name="Credential">The token credential when no matching connection string is given; null for
/// <c>DefaultAzureCredential</c> (environment, workload identity, managed identity, Azure CLI and the other developer tools).</param>
/// <param name="PageSize">Blobs per List Blobs page; Azure gives at most 5000.</param>
/// <param name="MaxRetries">The SDK's own retries of one request (the mirror retries whole versions with its own backoff).</param>
/// <param name="RetryDelay">The SDK's first retry delay, doubled each retry.</param>
public sealed record AzureBlobStoreSettings(
    string? ConnectionString,
    TokenCredential? Credential = null,
    int PageSize = 5000,
    int MaxRetries = 2,
    TimeSpan? RetryDelay = null)
{
    /// <summary>The environment variable that carries a connection string (the one the Azure CLI and tools read).</summary>
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>Reads <c>AZURE_STORAGE_CONNECTION_STRING</c>; Azure.Identity reads its own variables itself.</summary>
    /// <param name="environment">Reads one environment variable.</param>
    public static AzureBlobStoreSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var connectionString = environment(ConnectionStringVariable);
        return new(string.IsNullOrWhiteSpace(connectionString) ? null : connectionString.Trim());
    }

    /// <summary>Hides the connection string and the credential: a record's generated text would print them.</summary>
    /// <param name="builder">Receives the members.</param>
    /// <returns>Always true.</returns>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ConnectionString = ").Append(ConnectionString is null ? "null" : "(set)");
        builder.Append(", PageSize = ").Append(PageSize).Append(", MaxRetries = ").Append(MaxRetries);
        return true;
    }
}
