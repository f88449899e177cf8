namespace ModelServing.Core.Repository;

/// <summary>A repository whose files come from elsewhere (a remote store mirrored to the local root): brought up to date before
/// every scan, with what it could not fetch shown in the status APIs.</summary>
/// <remarks>Registered only for remote repositories; <see cref="ModelManager"/> calls <see cref="SyncAsync"/> under its
/// reconcile lock, so a sync never runs during a scan.</remarks>
public interface IRepositorySource
{
    /// <summary>Updates the local root; store failures are reported in <see cref="Problems"/>, not thrown.</summary>
    /// <param name="cancellationToken">Stops the sync.</param>
    Task SyncAsync(CancellationToken cancellationToken);

    /// <summary>What the last sync could not fetch; the same instance while nothing changed.</summary>
    RepositorySourceProblems Problems { get; }
}
