using Microsoft.Extensions.Logging;

namespace ModelServing.Core.Repository;

/// <summary>A remote repository: synced before each scan, and what it could not fetch carried into the served snapshot.</summary>
public sealed partial class ModelManager
{
    private readonly IRepositorySource? _source;
    private RepositorySourceProblems _sourceProblems = RepositorySourceProblems.None;

    /// <summary>What the remote repository could not fetch at its last sync (<see cref="RepositorySourceProblems.None"/> for a local one).</summary>
    public RepositorySourceProblems SourceProblems => Volatile.Read(ref _sourceProblems);

    /// <summary>Syncs the source, if any; true when its problems changed (so the snapshot is published again).</summary>
    private async Task<bool> SyncSourceAsync(CancellationToken cancellationToken)
    {
        if (_source is null)
        {
            return false;
        }

        try
        {
            await _source.SyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The scan still serves what the mirror holds.
            LogSource.SyncFailed(_logger, ex);
        }

        var problems = _source.Problems;
        return !ReferenceEquals(Interlocked.Exchange(ref _sourceProblems, problems), problems);
    }

    private ServedModel WithSourceProblems(ServedModel model)
    {
        var problems = SourceProblems;
        return model with { SourceProblem = problems.ForModel(model.Name), SourceVersionProblems = problems.ForVersions(model.Name) };
    }

    private static partial class LogSource
    {
        [LoggerMessage(20, LogLevel.Error, "Syncing the remote model repository failed; the mirrored copy is served")]
        public static partial void SyncFailed(ILogger logger, Exception exception);
    }
}
