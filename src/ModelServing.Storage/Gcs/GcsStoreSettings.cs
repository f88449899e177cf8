using Google.Cloud.Storage.V1;

namespace ModelServing.Storage.Gcs;

/// <summary>How the Google Cloud Storage client is set up. Credentials and the emulator endpoint come from the Google
/// libraries' own environment: application default credentials (<c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud's
/// <c>application-default login</c>, the metadata server) and <c>STORAGE_EMULATOR_HOST</c>.</summary>
/// <param name="PageSize">Objects per list page; GCS gives at most 1000.</param>
/// <param name="ListRetry">The SDK's retries of a list call (on 408, 429 and 5xx, backing off from 1 s); null for the SDK's
/// default. The mirror retries whole versions with its own backoff on top.</param>
/// <param name="IdleTimeoutOverride">The longest wait for the next bytes of an object's body; null for 60 s.</param>
public sealed record GcsStoreSettings(int PageSize = 1000, RetryOptions? ListRetry = null, TimeSpan? IdleTimeoutOverride = null)
{
    /// <summary>The longest wait for the next bytes of an object's body before the download fails as Unavailable.</summary>
    /// <value>Default 60 seconds.</value>
    public TimeSpan IdleTimeout => IdleTimeoutOverride ?? TimeSpan.FromSeconds(60);

    /// <summary>The standard variable naming a storage emulator (<c>host:port</c> or a URL); the Google client reads it itself
    /// and then connects there without credentials.</summary>
    public const string EmulatorHostVariable = "STORAGE_EMULATOR_HOST";
}
