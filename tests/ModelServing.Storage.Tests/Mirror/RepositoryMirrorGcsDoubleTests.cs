using System.Security.Cryptography;
using ModelServing.Storage.Gcs;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.Mirror;

/// <summary>
/// The mirror over the GCS store against the GCS JSON API TEST DOUBLE (no GCS emulator is reachable here): a Vertex-style
/// single-model directory, a store dying mid-download, corrupted bytes and a refused service account.
/// </summary>
[Collection(GcsDoubleCollection.Name)]
public sealed class RepositoryMirrorGcsDoubleTests : IAsyncLifetime
{
    private readonly GcsDoubleFixture _fixture;
    private readonly string _bucket;
    private readonly StoreMirror _remote;

    public RepositoryMirrorGcsDoubleTests(GcsDoubleFixture fixture)
    {
        _fixture = fixture;
        _bucket = fixture.NewBucket("mirror");
        _remote = new StoreMirror(() => GcsObjectStore.Create(
            StorageLocation.Parse($"gs://{_bucket}/models"), new GcsStoreSettings(ListRetry: Google.Cloud.Storage.V1.RetryOptions.Never)));
    }

    private GcsJsonApiDouble Double => _fixture.Double;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SyncAsync_VertexModelDirectory_MirroredUnderTheModelName()
    {
        // AIP_STORAGE_URI names one model's directory: its versions are at the top.
        Double.Put(_bucket, "models/1/model.onnx", File.ReadAllBytes(MirrorScenario.ExampleModel("1/model.onnx")));
        Double.Put(_bucket, "models/config.json", File.ReadAllBytes(MirrorScenario.ExampleModel("config.json")));

        var status = await _remote.Mirror(fallbackName: "loans").SyncAsync(CancellationToken.None);

        Assert.Null(status.Repository);
        Assert.Equal(File.ReadAllBytes(MirrorScenario.ExampleModel("1/model.onnx")), File.ReadAllBytes(_remote.Local("loans/1/model.onnx")));
        Assert.True(File.Exists(_remote.Local("loans/config.json")));
    }

    [Fact]
    public async Task SyncAsync_StoreDiesMidDownload_NoPartialVersionThenARetrySucceeds()
    {
        var content = RandomNumberGenerator.GetBytes(500_000);
        Double.Put(_bucket, "models/m/1/model.onnx", content);
        Double.BreakDownloads(_bucket);
        var mirror = _remote.Mirror();

        var broken = await mirror.SyncAsync(CancellationToken.None);
        var partial = Directory.Exists(_remote.Local("m/1"));
        Double.BreakDownloads(_bucket, on: false);
        var retried = await mirror.SyncAsync(CancellationToken.None);

        Assert.Equal(ObjectStoreErrorKind.Unavailable, broken.Units["m/1"].Kind);
        Assert.False(partial, "half a version must never appear in the mirror");
        Assert.Empty(retried.Units);
        Assert.Equal(content, File.ReadAllBytes(_remote.Local("m/1/model.onnx")));
    }

    [Fact]
    public async Task SyncAsync_CorruptedObject_VersionRejectedWithCrc32CMismatch()
    {
        Double.Put(_bucket, "models/m/1/model.onnx", RandomNumberGenerator.GetBytes(10_000));
        Double.Corrupt(_bucket);

        var status = await _remote.Mirror().SyncAsync(CancellationToken.None);

        var problem = status.Units["m/1"];
        Assert.Equal(ObjectStoreErrorKind.Corrupt, problem.Kind);
        Assert.Contains("CRC32C", problem.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_remote.Local("m/1")));
    }

    [Fact]
    public async Task SyncAsync_ServiceAccountRefused_AccessDeniedNamingTheBucket()
    {
        Double.Put(_bucket, "models/m/1/model.onnx", [1]);
        Double.FailWith(_bucket, 403);

        var status = await _remote.Mirror().SyncAsync(CancellationToken.None);

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, status.Repository?.Kind);
        Assert.Contains($"gs://{_bucket}/models: access denied listing in bucket {_bucket}", status.Repository!.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _remote.DisposeAsync();
}
