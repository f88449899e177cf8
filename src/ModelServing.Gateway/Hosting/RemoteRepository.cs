using System.Collections.Frozen;
using ModelServing.Core.Repository;
using ModelServing.Storage;
using ModelServing.Storage.Mirror;

namespace ModelServing.Gateway.Hosting;

/// <summary>A remote model repository (<c>s3://</c>, <c>gs://</c>, Azure Blob) as the model manager sees it: a mirror synced before
/// each scan, whose problems become version statuses, <c>/readyz</c> warnings and metrics.</summary>
/// <remarks>Thread-safe: <see cref="Problems"/> is an immutable snapshot, replaced only when the problems change.</remarks>
internal sealed partial class RemoteRepository(IObjectStore store, RepositoryMirror mirror, ILogger<RemoteRepository> logger)
    : IRepositorySource, IAsyncDisposable
{
    private MirrorStatus? _last;
    private RepositorySourceProblems _problems = RepositorySourceProblems.None;

    /// <summary>The mirror being served.</summary>
    public RepositoryMirror Mirror => mirror;

    /// <inheritdoc/>
    public RepositorySourceProblems Problems => Volatile.Read(ref _problems);

    /// <inheritdoc/>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        MirrorStatus status;
        try
        {
            status = await mirror.SyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The cache directory itself: said without its path, which the operator configured and the log has.
            Log.CacheUnwritable(logger, ex);
            var problem = new MirrorProblem(ObjectStoreErrorKind.Unavailable, $"{mirror.StoreName}: the model cache directory (ModelRepository:Cache) cannot be written.", DateTimeOffset.UtcNow);
            status = (_last ?? MirrorStatus.Initial) with { Repository = problem };
        }

        if (_last is not null && status.SameProblems(_last))
        {
            return;
        }

        _last = status;
        Volatile.Write(ref _problems, ToProblems(status));
    }

    public async ValueTask DisposeAsync()
    {
        mirror.Dispose();
        await store.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Maps the mirror's problems (by local path: <c>model/3</c>, <c>model/config.json</c>) to models and versions.</summary>
    internal static RepositorySourceProblems ToProblems(MirrorStatus status)
    {
        var models = new Dictionary<string, SourceProblem>(StringComparer.Ordinal);
        var versions = new Dictionary<string, Dictionary<long, SourceProblem>>(StringComparer.Ordinal);
        foreach (var (path, problem) in status.Units.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            var segments = path.Split('/');
            var model = segments[0];
            if (segments.Length == 2 && ModelRepositoryScanner.ParseVersion(segments[1]) is { } number)
            {
                if (!versions.TryGetValue(model, out var byNumber))
                {
                    versions[model] = byNumber = [];
                }

                byNumber[number] = ToProblem(problem);
            }
            else
            {
                models.TryAdd(model, ToProblem(problem));
            }
        }

        return new RepositorySourceProblems(
            status.Repository is { } repository ? ToProblem(repository) : null,
            models.ToFrozenDictionary(StringComparer.Ordinal),
            versions.ToFrozenDictionary(v => v.Key, v => v.Value.ToFrozenDictionary(), StringComparer.Ordinal));
    }

    private static SourceProblem ToProblem(MirrorProblem problem) => new(
        problem.Kind switch
        {
            ObjectStoreErrorKind.NotFound => "NOT_FOUND",
            ObjectStoreErrorKind.AccessDenied => "PERMISSION_DENIED",
            ObjectStoreErrorKind.Corrupt => "DATA_LOSS",
            _ => "UNAVAILABLE",
        },
        problem.Message);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The model cache directory cannot be written; the remote repository is not synced")]
        public static partial void CacheUnwritable(ILogger logger, Exception exception);
    }
}
