using ModelServing.Storage.Gcs;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.Gcs;

/// <summary>
/// The store contract against the GCS JSON API TEST DOUBLE (<see cref="GcsJsonApiDouble"/>; no GCS emulator is reachable
/// here), which the real Google client reaches through STORAGE_EMULATOR_HOST.
/// </summary>
[Collection(GcsDoubleCollection.Name)]
public sealed class GcsObjectStoreContractTests : ObjectStoreContractTests
{
    private const string Bucket = "contract";
    private const string DeniedBucket = "contract-denied";
    private readonly GcsDoubleFixture _fixture;

    public GcsObjectStoreContractTests(GcsDoubleFixture fixture)
    {
        _fixture = fixture;
        fixture.Double.CreateBucket(Bucket);
        // The double checks no credentials: the refused service account is a bucket answering 403, as GCS does for an
        // account without a role on it. The objects are the same, so a key listed elsewhere is refused, not missing.
        fixture.Double.FailWith(DeniedBucket, 403);
    }

    // Nothing secret is ever sent to the double; this stands for a credential that must not be echoed.
    protected override string WrongSecret => "not-a-google-credential-0123456789";

    protected override Task PutAsync(string key, byte[] content)
    {
        _fixture.Double.Put(Bucket, $"{Prefix}/{key}", content);
        return Task.CompletedTask;
    }

    protected override IObjectStore OpenStore(int pageSize = 1000) => Open($"gs://{Bucket}/{Prefix}", pageSize);

    protected override IObjectStore OpenMissingBucketStore() => Open("gs://no-such-bucket/models", 1000);

    protected override IObjectStore OpenStoreWithWrongCredentials() => Open($"gs://{DeniedBucket}/{Prefix}", 1000);

    private static GcsObjectStore Open(string uri, int pageSize) =>
        GcsObjectStore.Create(StorageLocation.Parse(uri), new GcsStoreSettings(pageSize, Google.Cloud.Storage.V1.RetryOptions.Never));
}
