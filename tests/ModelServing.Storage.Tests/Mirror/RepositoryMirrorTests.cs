using ModelServing.Core.Repository;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.Mirror;

/// <summary>The mirror against a real s3rver: cold and warm syncs, following the remote, and bad content.</summary>
public sealed class RepositoryMirrorTests(S3rverFixture fixture) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly MirrorScenario _remote = new(fixture.Server, S3rverFixture.Bucket);

    [Fact]
    public async Task SyncAsync_ColdCache_MirrorsEveryFileAndTheScannerSeesWholeVersions()
    {
        await _remote.PutFileAsync("loans/1/model.onnx", MirrorScenario.ExampleModel("1/model.onnx"));
        await _remote.PutFileAsync("loans/config.json", MirrorScenario.ExampleModel("config.json"));
        await _remote.PutAsync("loans/1/weights/data.bin", [1, 2, 3]);
        var mirror = _remote.Mirror();

        var status = await mirror.SyncAsync(CancellationToken.None);

        Assert.Null(status.Repository);
        Assert.Empty(status.Units);
        Assert.Equal(File.ReadAllBytes(MirrorScenario.ExampleModel("1/model.onnx")), File.ReadAllBytes(_remote.Local("loans/1/model.onnx")));
        Assert.Equal(File.ReadAllBytes(MirrorScenario.ExampleModel("config.json")), File.ReadAllBytes(_remote.Local("loans/config.json")));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(_remote.Local("loans/1/weights/data.bin")));
        var model = Assert.Single(ModelRepositoryScanner.Scan(new ModelRepositoryOptions { Root = mirror.Directory }));
        Assert.Equal("loans", model.Name);
        Assert.Equal([1L], model.Versions.Select(v => v.Key));
    }

    [Fact]
    public async Task SyncAsync_WarmCacheAfterRestart_DownloadsNothing()
    {
        await _remote.PutFileAsync("loans/1/model.onnx", MirrorScenario.ExampleModel("1/model.onnx"));
        await _remote.PutFileAsync("loans/config.json", MirrorScenario.ExampleModel("config.json"));
        await _remote.Mirror().SyncAsync(CancellationToken.None);
        var restarted = _remote.Mirror();

        var status = await restarted.SyncAsync(CancellationToken.None);

        Assert.Null(status.Repository);
        Assert.Equal(0, restarted.ObjectsDownloaded);
        Assert.True(File.Exists(_remote.Local("loans/1/model.onnx")));
    }

    [Fact]
    public async Task SyncAsync_LocalFileTruncatedBehindTheMirror_DownloadedAgain()
    {
        await _remote.PutFileAsync("loans/1/model.onnx", MirrorScenario.ExampleModel("1/model.onnx"));
        await _remote.Mirror().SyncAsync(CancellationToken.None);
        File.WriteAllBytes(_remote.Local("loans/1/model.onnx"), [0]);
        var restarted = _remote.Mirror();

        await restarted.SyncAsync(CancellationToken.None);

        Assert.Equal(1, restarted.ObjectsDownloaded);
        Assert.Equal(File.ReadAllBytes(MirrorScenario.ExampleModel("1/model.onnx")), File.ReadAllBytes(_remote.Local("loans/1/model.onnx")));
    }

    [Fact]
    public async Task SyncAsync_NewVersionAndRemovedVersion_MirrorFollows()
    {
        await _remote.PutAsync("adder/1/model.onnx", [1]);
        await _remote.PutAsync("other/1/model.onnx", [9]);
        var mirror = _remote.Mirror();
        await mirror.SyncAsync(CancellationToken.None);
        await _remote.PutAsync("adder/2/model.onnx", [2]);
        await _remote.DeleteAsync("adder/1/model.onnx");
        await _remote.DeleteAsync("other/1/model.onnx");

        await mirror.SyncAsync(CancellationToken.None);

        Assert.False(Directory.Exists(_remote.Local("adder/1")));
        Assert.Equal([2], File.ReadAllBytes(_remote.Local("adder/2/model.onnx")));
        Assert.False(Directory.Exists(_remote.Local("other")), "a model removed remotely leaves no empty directory behind");
    }

    [Fact]
    public async Task SyncAsync_ChangedConfig_ReplacedWithoutDownloadingVersions()
    {
        await _remote.PutAsync("m/1/model.onnx", [1]);
        await _remote.PutAsync("m/config.json", "{}"u8.ToArray());
        var mirror = _remote.Mirror();
        await mirror.SyncAsync(CancellationToken.None);
        await _remote.PutAsync("m/config.json", """{"versionPolicy": {"all": {}}}"""u8.ToArray());

        await mirror.SyncAsync(CancellationToken.None);

        Assert.Equal(3, mirror.ObjectsDownloaded);
        Assert.Equal("""{"versionPolicy": {"all": {}}}""", File.ReadAllText(_remote.Local("m/config.json")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(mirror.Directory, ".staging")));
    }

    [Fact]
    public async Task SyncAsync_CorruptedObject_VersionRejectedOthersKept()
    {
        await _remote.PutAsync("m/1/model.onnx", [1, 1, 1]);
        await _remote.PutAsync("good/1/model.onnx", [5]);
        var mirror = _remote.Mirror();
        await mirror.SyncAsync(CancellationToken.None);
        await _remote.PutAsync("m/2/model.onnx", [2, 2, 2, 2]);
        await _remote.PutAsync("m/2/extra.bin", [7]);
        _remote.Corrupt("m/2/model.onnx");

        var status = await mirror.SyncAsync(CancellationToken.None);

        var problem = status.Units["m/2"];
        Assert.Equal(ObjectStoreErrorKind.Corrupt, problem.Kind);
        Assert.Contains("m/2/model.onnx", problem.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_remote.Local("m/2")), "no part of a rejected version is served");
        Assert.Equal([1, 1, 1], File.ReadAllBytes(_remote.Local("m/1/model.onnx")));
        Assert.True(File.Exists(_remote.Local("good/1/model.onnx")));
        Assert.Single(status.Units);
    }

    [Fact]
    public async Task SyncAsync_WrongCredentials_AccessDeniedAndMirrorKept()
    {
        await _remote.PutAsync("m/1/model.onnx", [1]);
        await _remote.Mirror().SyncAsync(CancellationToken.None);
        var denied = _remote.Mirror(accessKey: "UNKNOWNKEY");

        var status = await denied.SyncAsync(CancellationToken.None);

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, status.Repository?.Kind);
        Assert.Contains(_remote.Uri, status.Repository!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", status.Repository.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(_remote.Local("m/1/model.onnx")));
    }

    [Fact]
    public async Task SyncAsync_MissingBucket_RepositoryNotFoundNamingTheBucket()
    {
        var store = Storage.S3.S3ObjectStore.Create(
            StorageLocation.Parse("s3://no-such-bucket/models"), new Storage.S3.S3StoreSettings(fixture.Server.Endpoint, "us-east-1", S3rver.Credentials));
        using var mirror = new Storage.Mirror.RepositoryMirror(
            store, _remote.MirrorDirectory, null, "models", new Storage.Mirror.RepositoryMirrorOptions { SyncRetries = 0 },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);

        var status = await mirror.SyncAsync(CancellationToken.None);

        Assert.Equal(ObjectStoreErrorKind.NotFound, status.Repository?.Kind);
        Assert.Contains("bucket no-such-bucket does not exist", status.Repository!.Message, StringComparison.Ordinal);
        await store.DisposeAsync();
    }

    [Fact]
    public async Task SyncAsync_RemoteIsOneModelsDirectory_MirroredUnderTheModelName()
    {
        await _remote.PutAsync("3/model.onnx", [3]);
        await _remote.PutAsync("config.json", "{}"u8.ToArray());
        var mirror = _remote.Mirror(fallbackName: "vertex-model");

        await mirror.SyncAsync(CancellationToken.None);

        Assert.Equal([3], File.ReadAllBytes(_remote.Local("vertex-model/3/model.onnx")));
        Assert.True(File.Exists(_remote.Local("vertex-model/config.json")));
    }

    [Fact]
    public async Task SyncAsync_SingleModelNameOfARepositoryRoot_OnlyThatModel()
    {
        await _remote.PutAsync("a/1/model.onnx", [1]);
        await _remote.PutAsync("b/1/model.onnx", [2]);
        var mirror = _remote.Mirror(modelName: "b");

        await mirror.SyncAsync(CancellationToken.None);

        Assert.False(Directory.Exists(_remote.Local("a")));
        Assert.True(File.Exists(_remote.Local("b/1/model.onnx")));
    }

    [Fact]
    public async Task Scan_VersionHalfDownloadedInStaging_NotSeenByTheRepositoryScanner()
    {
        await _remote.PutAsync("m/1/model.onnx", [1]);
        var mirror = _remote.Mirror();
        await mirror.SyncAsync(CancellationToken.None);
        // What an interrupted sync leaves behind: a version directory inside staging.
        Directory.CreateDirectory(Path.Combine(mirror.Directory, ".staging", "abc", "m", "2"));
        File.WriteAllBytes(Path.Combine(mirror.Directory, ".staging", "abc", "m", "2", "model.onnx"), [2]);

        var models = ModelRepositoryScanner.Scan(new ModelRepositoryOptions { Root = mirror.Directory });

        var model = Assert.Single(models);
        Assert.Equal("m", model.Name);
        Assert.Equal([1L], model.Versions.Select(v => v.Key));
    }

    [Fact]
    public async Task SyncAsync_LeftoverStagingFromACrash_EmptiedAtStart()
    {
        await _remote.PutAsync("m/1/model.onnx", [1]);
        Directory.CreateDirectory(Path.Combine(_remote.MirrorDirectory, ".staging", "crashed"));
        File.WriteAllBytes(Path.Combine(_remote.MirrorDirectory, ".staging", "crashed", "model.onnx"), [9]);

        await _remote.Mirror().SyncAsync(CancellationToken.None);

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_remote.MirrorDirectory, ".staging")));
    }

    public void Dispose() => _remote.Dispose();
}
