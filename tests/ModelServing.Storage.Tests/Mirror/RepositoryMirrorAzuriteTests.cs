using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ModelServing.Core.Repository;
using ModelServing.Storage.AzureBlob;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.Mirror;

/// <summary>The mirror over the Azure Blob store against a real Azurite: the example model, bad content, refused keys, an outage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepositoryMirrorAzuriteTests : IAsyncLifetime
{
    private const string WrongKey = "bm90LXRoZS1henVyaXRlLWFjY291bnQta2V5LTAxMjM0NTY3ODk=";
    private readonly AzuriteFixture _fixture;
    private readonly string _container = "mirror-" + Guid.NewGuid().ToString("N")[..12];
    private readonly StoreMirror _remote;
    private readonly StoreMirror _denied;
    private BlobContainerClient _blobs = null!;

    public RepositoryMirrorAzuriteTests(AzuriteFixture fixture)
    {
        _fixture = fixture;
        _remote = new StoreMirror(() => Open(fixture.Server.ConnectionString));
        _denied = new StoreMirror(() => Open(fixture.Server.ConnectionStringWithKey(WrongKey)));
    }

    public async Task InitializeAsync() => _blobs = await _fixture.Server.ContainerAsync(_container);

    [Fact]
    public async Task SyncAsync_ExampleLoansModel_MirroredThenWarmRestartDownloadsNothing()
    {
        await _blobs.GetBlobClient("models/loans/1/model.onnx").UploadAsync(MirrorScenario.ExampleModel("1/model.onnx"));
        await _blobs.GetBlobClient("models/loans/config.json").UploadAsync(MirrorScenario.ExampleModel("config.json"));
        var mirror = _remote.Mirror();

        var status = await mirror.SyncAsync(CancellationToken.None);
        var restarted = _remote.Mirror();
        await restarted.SyncAsync(CancellationToken.None);

        Assert.Null(status.Repository);
        Assert.Empty(status.Units);
        Assert.Equal(File.ReadAllBytes(MirrorScenario.ExampleModel("1/model.onnx")), File.ReadAllBytes(_remote.Local("loans/1/model.onnx")));
        var model = Assert.Single(ModelRepositoryScanner.Scan(new ModelRepositoryOptions { Root = mirror.Directory }));
        Assert.Equal(("loans", 1L), (model.Name, model.Versions.Single().Key));
        Assert.Equal(0, restarted.ObjectsDownloaded);
    }

    [Fact]
    public async Task SyncAsync_BlobWithWrongContentMd5_VersionRejectedOthersKept()
    {
        await _blobs.GetBlobClient("models/m/1/model.onnx").UploadAsync(BinaryData.FromBytes([1, 1, 1]));
        var mirror = _remote.Mirror();
        await mirror.SyncAsync(CancellationToken.None);
        var bad = _blobs.GetBlobClient("models/m/2/model.onnx");
        await bad.UploadAsync(BinaryData.FromBytes([2, 2, 2, 2]));
        await bad.SetHttpHeadersAsync(new BlobHttpHeaders { ContentHash = new byte[16] });

        var status = await mirror.SyncAsync(CancellationToken.None);

        var problem = status.Units["m/2"];
        Assert.Equal(ObjectStoreErrorKind.Corrupt, problem.Kind);
        Assert.Contains("m/2/model.onnx", problem.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_remote.Local("m/2")), "no part of a rejected version is served");
        Assert.Equal([1, 1, 1], File.ReadAllBytes(_remote.Local("m/1/model.onnx")));
    }

    [Fact]
    public async Task SyncAsync_WrongAccountKey_AccessDeniedWithoutTheKey()
    {
        await _blobs.GetBlobClient("models/m/1/model.onnx").UploadAsync(BinaryData.FromBytes([1]));

        var status = await _denied.Mirror().SyncAsync(CancellationToken.None);

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, status.Repository?.Kind);
        Assert.Contains($"az://{Azurite.Account}/{_container}/models", status.Repository!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, status.Repository.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_denied.Local("m/1/model.onnx")));
    }

    [Fact]
    public async Task SyncAsync_AzuriteDownThenBack_MirrorKeptThenCatchesUp()
    {
        await using var azurite = new Azurite();
        await azurite.StartAsync();
        var blobs = await azurite.ContainerAsync("outage");
        await using var remote = new StoreMirror(() => AzureBlobObjectStore.Create(
            StorageLocation.Parse($"az://{Azurite.Account}/outage"), new AzureBlobStoreSettings(azurite.ConnectionString, RetryDelay: TimeSpan.FromMilliseconds(10))));
        await blobs.GetBlobClient("m/1/model.onnx").UploadAsync(BinaryData.FromBytes([1]));
        var mirror = remote.Mirror();
        await mirror.SyncAsync(CancellationToken.None);
        await azurite.StopAsync();

        var down = await mirror.SyncAsync(CancellationToken.None);
        await azurite.StartAsync();
        await blobs.GetBlobClient("m/2/model.onnx").UploadAsync(BinaryData.FromBytes([2]));
        var back = await mirror.SyncAsync(CancellationToken.None);

        Assert.Equal(ObjectStoreErrorKind.Unavailable, down.Repository?.Kind);
        Assert.Null(back.Repository);
        Assert.True(File.Exists(remote.Local("m/1/model.onnx")), "an unreachable store removes nothing");
        Assert.Equal([2], File.ReadAllBytes(remote.Local("m/2/model.onnx")));
    }

    public async Task DisposeAsync()
    {
        await _remote.DisposeAsync();
        await _denied.DisposeAsync();
    }

    private AzureBlobObjectStore Open(string connectionString) => AzureBlobObjectStore.Create(
        StorageLocation.Parse($"az://{Azurite.Account}/{_container}/models"), new AzureBlobStoreSettings(connectionString, RetryDelay: TimeSpan.FromMilliseconds(10)));
}
