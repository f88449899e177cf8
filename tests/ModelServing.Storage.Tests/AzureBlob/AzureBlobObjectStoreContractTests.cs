using ModelServing.Storage.AzureBlob;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.AzureBlob;

/// <summary>The store contract against a real Azurite, reached through a connection string as an operator would.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobObjectStoreContractTests(AzuriteFixture fixture) : ObjectStoreContractTests
{
    private const string Container = "contract";

    // A well-formed account key that is not Azurite's: the shared-key signature fails.
    protected override string WrongSecret => "bm90LXRoZS1henVyaXRlLWFjY291bnQta2V5LTAxMjM0NTY3ODk=";

    protected override async Task PutAsync(string key, byte[] content)
    {
        var container = await fixture.Server.ContainerAsync(Container);
        await container.GetBlobClient($"{Prefix}/{key}").UploadAsync(BinaryData.FromBytes(content), overwrite: true);
    }

    protected override IObjectStore OpenStore(int pageSize = 1000) =>
        Open($"az://{Azurite.Account}/{Container}/{Prefix}", fixture.Server.ConnectionString, pageSize);

    protected override IObjectStore OpenMissingBucketStore() =>
        Open($"az://{Azurite.Account}/no-such-container/models", fixture.Server.ConnectionString, 1000);

    protected override IObjectStore OpenStoreWithWrongCredentials() =>
        Open($"az://{Azurite.Account}/{Container}/{Prefix}", fixture.Server.ConnectionStringWithKey(WrongSecret), 1000);

    private static AzureBlobObjectStore Open(string uri, string connectionString, int pageSize) =>
        AzureBlobObjectStore.Create(StorageLocation.Parse(uri), new AzureBlobStoreSettings(connectionString, PageSize: pageSize, RetryDelay: TimeSpan.FromMilliseconds(10)));
}
