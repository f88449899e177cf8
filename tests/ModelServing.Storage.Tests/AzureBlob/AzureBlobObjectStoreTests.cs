using System.Security.Cryptography;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ModelServing.Storage.AzureBlob;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.AzureBlob;

/// <summary>What is particular to Azure Blob Storage, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobObjectStoreTests(AzuriteFixture fixture)
{
    private readonly string _container = "azure-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task ListAsync_HttpsFormOfTheConnectionStringsAccount_ReadsThroughTheConnectionString()
    {
        var container = await fixture.Server.ContainerAsync(_container);
        await container.GetBlobClient("models/loans/1/model.onnx").UploadAsync(BinaryData.FromBytes([1, 2, 3]));
        var location = StorageLocation.Parse($"https://{Azurite.Account}.blob.core.windows.net/{_container}/models");
        await using var store = AzureBlobObjectStore.Create(location, Settings(fixture.Server.ConnectionString));

        var item = Assert.Single(await ListAsync(store));

        Assert.Equal(("loans/1/model.onnx", 3L), (item.Key, item.Size));
    }

    [Fact]
    public async Task DownloadAsync_BlobWithWrongContentMd5_VerifyingStreamReportsMismatch()
    {
        var container = await fixture.Server.ContainerAsync(_container);
        var blob = container.GetBlobClient("models/m/1/model.onnx");
        await blob.UploadAsync(BinaryData.FromBytes(RandomNumberGenerator.GetBytes(1000)));
        // Content-MD5 set apart from the bytes (Set Blob Properties does not check it), as a bad uploader can leave it.
        await blob.SetHttpHeadersAsync(new BlobHttpHeaders { ContentHash = new byte[16] });
        await using var store = AzureBlobObjectStore.Create(Location(), Settings(fixture.Server.ConnectionString));
        var item = Assert.Single(await ListAsync(store));
        using var verifying = new VerifyingStream(Stream.Null, item.Checksum?.Kind);

        await store.DownloadAsync(item, verifying, CancellationToken.None);

        Assert.Equal(ChecksumKind.Md5, item.Checksum?.Kind);
        Assert.Contains("does not match its MD5 checksum", verifying.Problem(item), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_DirectoryEntries_Skipped()
    {
        var container = await fixture.Server.ContainerAsync(_container);
        await container.GetBlobClient("models/m/1/model.onnx").UploadAsync(BinaryData.FromBytes([1]));
        // What a hierarchical-namespace account lists for a directory, and a console's "folder" placeholder.
        await container.GetBlobClient("models/m/1").UploadAsync(
            BinaryData.FromBytes([]), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["hdi_isfolder"] = "true" } });
        var untrimmed = new BlobContainerClient(fixture.Server.ConnectionString, _container, new BlobClientOptions { TrimBlobNameSlashes = false });
        await untrimmed.GetBlobClient("models/m/2/").UploadAsync(BinaryData.FromBytes([]));
        await using var store = AzureBlobObjectStore.Create(Location(), Settings(fixture.Server.ConnectionString));

        var listed = await ListAsync(store);

        Assert.Equal(["m/1/model.onnx"], listed.Select(o => o.Key));
    }

    [Fact]
    public async Task DownloadAsync_BlobReplacedAfterListing_UnavailableSayingItChanged()
    {
        var container = await fixture.Server.ContainerAsync(_container);
        await container.GetBlobClient("models/m/1/model.onnx").UploadAsync(BinaryData.FromBytes([1, 2, 3]));
        await using var store = AzureBlobObjectStore.Create(Location(), Settings(fixture.Server.ConnectionString));
        var item = Assert.Single(await ListAsync(store));
        await container.GetBlobClient("models/m/1/model.onnx").UploadAsync(BinaryData.FromBytes([4, 5, 6, 7]), overwrite: true);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => store.DownloadAsync(item, Stream.Null, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.Unavailable, ex.Kind);
        Assert.Contains("m/1/model.onnx changed while it was being read", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ConnectionStringForAnotherAccount_NotUsedAndSaidInAccessDenied()
    {
        var location = StorageLocation.Parse($"az://otheraccount/{_container}/models");
        // EnvironmentCredential with no AZURE_CLIENT_* variables: Azure.Identity's refusal, without any network call.
        var settings = Settings(fixture.Server.ConnectionString) with { Credential = new EnvironmentCredential() };
        await using var store = AzureBlobObjectStore.Create(location, settings);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAsync(store));

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, ex.Kind);
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING is for account devstoreaccount1, not otheraccount", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Azurite.AccountKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MalformedConnectionString_AccessDeniedWithoutQuotingIt()
    {
        var settings = Settings("AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ==;BlobEndpoint=not a url");

        var ex = Assert.Throws<ObjectStoreException>(() => AzureBlobObjectStore.Create(Location(), settings));

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, ex.Kind);
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING is not a valid", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleQ", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_NothingListening_UnavailableWithoutKey()
    {
        await using var stopped = new Azurite();
        await using var store = AzureBlobObjectStore.Create(Location(), Settings(stopped.ConnectionString));

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAsync(store));

        Assert.Equal(ObjectStoreErrorKind.Unavailable, ex.Kind);
        Assert.Contains($"az://{Azurite.Account}/{_container}/models: the store cannot be reached (listing)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Azurite.AccountKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObjectStoreFactoryCreate_AzUriWithConnectionStringVariable_ListsTheContainer()
    {
        var container = await fixture.Server.ContainerAsync(_container);
        await container.GetBlobClient("models/loans/1/model.onnx").UploadAsync(BinaryData.FromBytes([1]));
        var environment = new Dictionary<string, string> { [AzureBlobStoreSettings.ConnectionStringVariable] = fixture.Server.ConnectionString };
        await using var store = ObjectStoreFactory.Create(Location(), name => environment.GetValueOrDefault(name));

        var item = Assert.Single(await ListAsync(store));

        Assert.Equal("loans/1/model.onnx", item.Key);
    }

    private StorageLocation Location() => StorageLocation.Parse($"az://{Azurite.Account}/{_container}/models");

    private static AzureBlobStoreSettings Settings(string connectionString) => new(connectionString, RetryDelay: TimeSpan.FromMilliseconds(10));

    private static async Task<List<RemoteObject>> ListAsync(IObjectStore store)
    {
        var items = new List<RemoteObject>();
        await foreach (var item in store.ListAsync(string.Empty, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }
}
