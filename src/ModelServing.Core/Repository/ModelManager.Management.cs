using System.Collections.Immutable;

namespace ModelServing.Core.Repository;

/// <summary>Explicit load, unload and reload of one model (the management API).</summary>
/// <remarks>
/// A model unloaded here stays unloaded, whatever the watcher sees on disk, until <see cref="LoadModelAsync"/> loads it again
/// (Triton's explicit mode for that model; the others stay in poll mode). Load and reload build fresh instances of every
/// wanted version and swap them in availability-preserving, re-reading <c>config.json</c> and the version directories.
/// Commands and scans run one at a time.
/// </remarks>
public sealed partial class ModelManager
{
    /// <summary>Models unloaded through the management API (and not loaded again since).</summary>
    public ImmutableHashSet<string> UnloadedModels => Volatile.Read(ref _unloaded);

    /// <summary>Loads a model (or reloads it when loaded), also lifting an earlier unload.</summary>
    public Task<ModelCommandResult> LoadModelAsync(string name, CancellationToken cancellationToken) =>
        RunCommandAsync(name, "load", requireLoaded: false, cancellationToken);

    /// <summary>Re-reads a loaded model's config and versions and swaps in fresh instances.</summary>
    public Task<ModelCommandResult> ReloadModelAsync(string name, CancellationToken cancellationToken) =>
        RunCommandAsync(name, "reload", requireLoaded: true, cancellationToken);

    /// <summary>Unloads every version of a model (in-flight requests finish first) and keeps it unloaded.</summary>
    public async Task<ModelCommandResult> UnloadModelAsync(string name, CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ExistsOnDisk(name))
            {
                return ModelCommandResult.NotFound;
            }

            Volatile.Write(ref _unloaded, _unloaded.Add(name));
            Log.ModelUnloadedManually(_logger, name);
            await ReconcileCoreAsync(cancellationToken).ConfigureAwait(false);
            return new ModelCommandResult(true, null, null);
        }
        finally
        {
            _reconcileGate.Release();
        }
    }

    private async Task<ModelCommandResult> RunCommandAsync(string name, string action, bool requireLoaded, CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ExistsOnDisk(name))
            {
                return ModelCommandResult.NotFound;
            }

            if (requireLoaded && _unloaded.Contains(name))
            {
                return new ModelCommandResult(true, null, $"Model {name} is unloaded; load it first.");
            }

            Log.ModelCommand(_logger, name, action);
            Volatile.Write(ref _unloaded, _unloaded.Remove(name));
            _forceReload.Add(name);
            await ReconcileCoreAsync(cancellationToken).ConfigureAwait(false);
            if (!Snapshot.Models.TryGetValue(name, out var model))
            {
                return new ModelCommandResult(true, null, $"Model {name} could not be read.");
            }

            if (model.LatestAvailable() is null)
            {
                var reasons = model.Versions.Where(IsFailed).Select(v => $"version {v.Number}: {v.Status.ErrorMessage}").ToList();
                var detail = reasons.Count > 0 ? string.Join("; ", reasons) : "no version is in the repository";
                return new ModelCommandResult(true, model, $"Model {name} has no AVAILABLE version: {detail}");
            }

            return new ModelCommandResult(true, model, null);
        }
        finally
        {
            _forceReload.Clear();
            _reconcileGate.Release();
        }
    }

    private bool ExistsOnDisk(string name)
    {
        try
        {
            return ModelRepositoryScanner.Scan(_options).Any(d => d.Name == name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
