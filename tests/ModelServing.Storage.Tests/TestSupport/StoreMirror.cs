using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Storage.Mirror;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>Mirrors of one remote repository, opened through any store, in a temporary cache directory.</summary>
public sealed class StoreMirror(Func<IObjectStore> openStore) : IAsyncDisposable
{
    private readonly List<(RepositoryMirror Mirror, IObjectStore Store)> _opened = [];

    public string Cache { get; } = Directory.CreateTempSubdirectory("modelserving-mirror-").FullName;

    public string MirrorDirectory => Path.Combine(Cache, "mirror");

    /// <summary>A new mirror (as after a restart) over a newly opened store, with short retries.</summary>
    public RepositoryMirror Mirror(string fallbackName = "model")
    {
        var store = openStore();
        var options = new RepositoryMirrorOptions { SyncRetries = 1, SyncRetryDelay = TimeSpan.FromMilliseconds(10), SyncRetryMaxDelay = TimeSpan.FromMilliseconds(10) };
        var mirror = new RepositoryMirror(store, MirrorDirectory, null, fallbackName, options, NullLogger.Instance, TimeProvider.System);
        _opened.Add((mirror, store));
        return mirror;
    }

    public string Local(string path) => Path.Combine(MirrorDirectory, path);

    public async ValueTask DisposeAsync()
    {
        foreach (var (mirror, store) in _opened)
        {
            mirror.Dispose();
            await store.DisposeAsync();
        }

        Directory.Delete(Cache, recursive: true);
    }
}
