using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ModelServing.Storage.Mirror;

/// <summary>Keeps a local copy of a remote model repository that the model manager serves as it serves any local root.</summary>
/// <remarks>
/// <para>Each sync lists the store. Every version directory (<c>model/3/…</c>: model, external data, anything else) that is new
/// or changed downloads into a hidden staging directory (<c>.staging/</c>, which the repository scanner skips), every object
/// is checked against its checksum (or its size and ETag), and only then is the directory renamed into place, so a scan never
/// sees half a version. Model-level files (<c>config.json</c>, labels) are written beside and renamed over the old ones.
/// Downloads stream to disk, at most <see cref="RepositoryMirrorOptions.MaxConcurrentDownloads"/> at once.</para>
/// <para>A manifest (<c>.manifest.json</c>) records what each local file was downloaded from, so a restart revalidates by
/// listing only. What the store no longer lists is removed, but only after a complete listing: an unreachable store leaves
/// the mirror as it is, and a version that fails to download keeps its previous copy, if any.</para>
/// <para><see cref="SyncAsync"/> runs one at a time; <see cref="Status"/> may be read from any thread.</para>
/// </remarks>
public sealed partial class RepositoryMirror : IDisposable
{
    internal const string StagingName = ".staging";

    private readonly IObjectStore _store;
    private readonly RepositoryMirrorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string? _modelName;
    private readonly string _fallbackModelName;
    private readonly ResiliencePipeline _retry;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly SemaphoreSlim _downloads;
    private readonly Dictionary<string, Failure> _failures = new(StringComparer.Ordinal);
    private readonly Lock _manifestLock = new();
    private MirrorManifest? _manifest;
    private MirrorStatus _status = MirrorStatus.Initial;
    private Failure? _repositoryFailure;
    private long _bytesDownloaded;
    private long _objectsDownloaded;

    /// <summary>Creates the mirror of <paramref name="store"/> in <paramref name="directory"/>; nothing happens until a sync.</summary>
    /// <param name="store">The remote repository; not disposed here.</param>
    /// <param name="directory">The mirror's root (see <see cref="DirectoryFor"/>); the model manager serves it.</param>
    /// <param name="modelName">The configured single model name (<c>ModelRepository:SingleModelName</c>), or null.</param>
    /// <param name="fallbackModelName">The model's name when the remote is one model's directory and no name is configured.</param>
    /// <param name="options">Concurrency, buffers and retries.</param>
    /// <param name="logger">Where syncs and failures are logged.</param>
    /// <param name="timeProvider">The clock of retries and backoff.</param>
    public RepositoryMirror(
        IObjectStore store, string directory, string? modelName, string fallbackModelName, RepositoryMirrorOptions options, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        Directory = Path.GetFullPath(directory);
        _modelName = modelName;
        _fallbackModelName = fallbackModelName;
        _options = options;
        _logger = logger;
        _time = timeProvider;
        _downloads = new SemaphoreSlim(options.MaxConcurrentDownloads, options.MaxConcurrentDownloads);
        _retry = options.SyncRetries == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ObjectStoreException>(e => e.IsTransient),
                MaxRetryAttempts = options.SyncRetries,
                Delay = options.SyncRetryDelay,
                MaxDelay = options.SyncRetryMaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
    }

    /// <summary>The mirror's root directory, served by the model manager.</summary>
    public string Directory { get; }

    /// <summary>The store, by its display name.</summary>
    public string StoreName => _store.DisplayName;

    /// <summary>The state after the last sync.</summary>
    public MirrorStatus Status => Volatile.Read(ref _status);

    /// <summary>Bytes downloaded since start.</summary>
    public long BytesDownloaded => Interlocked.Read(ref _bytesDownloaded);

    /// <summary>Objects downloaded (and verified) since start.</summary>
    public long ObjectsDownloaded => Interlocked.Read(ref _objectsDownloaded);

    /// <summary>The mirror directory of a store inside a cache directory: one per remote repository, so a changed URI never serves
    /// another repository's files.</summary>
    public static string DirectoryFor(string cache, string storeName)
    {
        ArgumentNullException.ThrowIfNull(storeName);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(storeName)))[..12];
        var scheme = storeName.Split(':')[0];
        return Path.Combine(cache, $"{scheme}-{hash}");
    }

    /// <summary>Brings the mirror in line with the store; never throws for store failures (they go to <see cref="Status"/>).</summary>
    public async Task<MirrorStatus> SyncAsync(CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SyncCoreAsync(cancellationToken).ConfigureAwait(false);
            return Status;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    private async Task SyncCoreAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_manifest is null)
        {
            System.IO.Directory.CreateDirectory(Directory);
            DeleteDirectory(Path.Combine(Directory, StagingName));
            _manifest = MirrorManifest.Load(Directory);
        }

        if (_repositoryFailure is { } waiting && now < waiting.Next)
        {
            return;
        }

        List<RemoteObject> items;
        try
        {
            items = await _retry.ExecuteAsync(ListAllAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectStoreException ex)
        {
            _repositoryFailure = Fail(_repositoryFailure, string.Empty, ex, now);
            if (_repositoryFailure.Attempts == 1)
            {
                Log.StoreFailed(_logger, ex.Message);
                Log.FailureDetail(_logger, ex);
            }

            Publish(now, success: false);
            return;
        }

        if (_repositoryFailure is not null)
        {
            Log.StoreRecovered(_logger, _store.DisplayName);
            _repositoryFailure = null;
        }

        var layout = MirrorLayout.Decide(items, _modelName, _fallbackModelName);
        var wanted = new Dictionary<string, RemoteObject>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (layout.LocalPath(item.Key) is { } local)
            {
                wanted[local] = item;
            }
        }

        var downloadedBefore = ObjectsDownloaded;
        await SyncFilesAsync(wanted, now, cancellationToken).ConfigureAwait(false);
        var (removed, forgotten) = RemoveUnlisted(wanted);
        if (removed > 0 || forgotten > 0)
        {
            lock (_manifestLock)
            {
                _manifest.Save(Directory);
            }
        }

        if (ObjectsDownloaded != downloadedBefore || removed > 0)
        {
            Log.Synced(_logger, _store.DisplayName, ObjectsDownloaded - downloadedBefore, removed);
        }

        Publish(now, success: true);
    }

    /// <summary>Releases the sync's locks; the store is the caller's.</summary>
    public void Dispose()
    {
        _syncGate.Dispose();
        _downloads.Dispose();
    }

    private async ValueTask<List<RemoteObject>> ListAllAsync(CancellationToken cancellationToken)
    {
        var items = new List<RemoteObject>();
        await foreach (var item in _store.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }

    private void Publish(DateTimeOffset now, bool success)
    {
        var previous = Status;
        var units = _failures.ToFrozenDictionary(f => f.Key, f => f.Value.Problem, StringComparer.Ordinal);
        var next = new MirrorStatus(_repositoryFailure?.Problem, units, success ? now : previous.LastSuccess);
        Volatile.Write(ref _status, next.SameProblems(previous) ? previous with { LastSuccess = next.LastSuccess } : next);
    }
}
