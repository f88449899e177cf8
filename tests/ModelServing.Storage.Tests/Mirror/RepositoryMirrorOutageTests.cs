using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.Mirror;

/// <summary>The store goes away and comes back: the mirror is kept meanwhile, and catches up after.</summary>
public sealed class RepositoryMirrorOutageTests : IAsyncLifetime
{
    private readonly S3rver _server = new();
    private MirrorScenario? _remote;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        await _server.CreateBucketAsync("outage");
        _remote = new MirrorScenario(_server, "outage");
    }

    [Fact]
    public async Task SyncAsync_StoreDown_MirrorKeptThenCatchesUpWhenBack()
    {
        await _remote!.PutAsync("m/1/model.onnx", [1]);
        var mirror = _remote.Mirror();
        await mirror.SyncAsync(CancellationToken.None);
        await _server.StopAsync();

        var down = await mirror.SyncAsync(CancellationToken.None);

        Assert.Equal(ObjectStoreErrorKind.Unavailable, down.Repository?.Kind);
        Assert.True(File.Exists(_remote.Local("m/1/model.onnx")), "an unreachable store removes nothing");

        await _server.StartAsync();
        await _remote.PutAsync("m/2/model.onnx", [2]);
        var back = await mirror.SyncAsync(CancellationToken.None);

        Assert.Null(back.Repository);
        Assert.True(File.Exists(_remote.Local("m/2/model.onnx")));
    }

    public async Task DisposeAsync()
    {
        _remote?.Dispose();
        await _server.DisposeAsync();
    }
}
