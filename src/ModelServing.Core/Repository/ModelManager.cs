using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelServing.Core.Batching;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;

namespace ModelServing.Core.Repository;

/// <summary>Brings the served models in line with the repository on disk: loads, publishes and unloads versions.</summary>
/// <remarks>
/// Thread-safe. Readers take <see cref="Snapshot"/>, an immutable view swapped atomically; <see cref="ReconcileAsync"/> runs
/// one at a time. New versions become AVAILABLE before the versions they replace stop taking requests
/// (availability-preserving). One model failing to load never stops the others.
/// </remarks>
public sealed partial class ModelManager : IAsyncDisposable
{
    private readonly ModelRepositoryOptions _options;
    private readonly Dictionary<string, IModelRunnerFactory> _factories;
    private readonly ILogger<ModelManager> _logger;
    private readonly ServingStageRegistry _stages;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private ModelRepositorySnapshot _snapshot = ModelRepositorySnapshot.Empty;
    private string? _repositoryError;

    /// <summary>Creates the manager; nothing is loaded until <see cref="ReconcileAsync"/>.</summary>
    public ModelManager(
        IOptions<ModelRepositoryOptions> options,
        IEnumerable<IModelRunnerFactory> factories,
        ServingStageRegistry stages,
        TimeProvider timeProvider,
        ILogger<ModelManager> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _stages = stages;
        _timeProvider = timeProvider;
        _options = options.Value;
        _factories = factories.ToDictionary(f => f.Platform, StringComparer.Ordinal);
        _logger = logger;
    }

    /// <summary>The models being served now.</summary>
    public ModelRepositorySnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>True once the first reconcile has finished (successfully or not).</summary>
    public bool InitialLoadCompleted { get; private set; }

    /// <summary>Why the repository itself could not be read, or null.</summary>
    public string? RepositoryError => Volatile.Read(ref _repositoryError);

    /// <summary>Scans the repository and loads, keeps or unloads versions to match it.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReconcileCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            InitialLoadCompleted = true;
            _reconcileGate.Release();
        }
    }

    private async Task ReconcileCoreAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelDirectory> directories;
        try
        {
            directories = ModelRepositoryScanner.Scan(_options);
            Volatile.Write(ref _repositoryError, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Volatile.Write(ref _repositoryError, ex is DirectoryNotFoundException ? ex.Message : "The model repository cannot be read.");
            Log.RepositoryUnreadable(_logger, _options.Root, ex);
            return;
        }

        var previous = Snapshot.Models;
        var next = new Dictionary<string, ServedModel>(StringComparer.Ordinal);
        var toLoad = new List<(ModelVersion Version, ModelConfig Config)>();
        var toUnload = new List<ModelVersion>();

        foreach (var directory in directories)
        {
            previous.TryGetValue(directory.Name, out var current);
            next[directory.Name] = Plan(directory, current, toLoad, toUnload);
        }

        foreach (var (name, removed) in previous)
        {
            if (!next.ContainsKey(name))
            {
                toUnload.AddRange(removed.Versions);
                Log.ModelRemoved(_logger, name);
            }
        }

        // Publish the new versions as START/LOADING first, so status shows them while they load.
        Publish(next);
        await Task.WhenAll(toLoad.Select(item => LoadVersionAsync(item.Version, item.Config, cancellationToken))).ConfigureAwait(false);

        // Then retire what they replace; requests holding an old version finish on it.
        if (toUnload.Count > 0)
        {
            var retired = toUnload.ToHashSet();
            var pruned = next.ToDictionary(
                pair => pair.Key,
                pair => pair.Value with { Versions = [.. pair.Value.Versions.Where(v => !retired.Contains(v))] },
                StringComparer.Ordinal);
            Publish(pruned);
            await Task.WhenAll(toUnload.Select(v => UnloadVersionAsync(v, cancellationToken))).ConfigureAwait(false);
        }
    }

    private ServedModel Plan(ModelDirectory directory, ServedModel? current, List<(ModelVersion, ModelConfig)> toLoad, List<ModelVersion> toUnload)
    {
        var configName = $"{directory.Name}/{ModelConfigLoader.FileName}";
        var (config, errors) = ModelConfigLoader.Load(directory.Path, configName, _stages);
        if (config is null)
        {
            foreach (var error in errors)
            {
                Log.ConfigInvalid(_logger, error.ToString());
            }

            if (current is not null && current.LatestAvailable() is not null)
            {
                // Keep serving what was loaded under the last valid config.
                return current with { ConfigErrors = errors };
            }

            var message = "Invalid model config: " + string.Join("; ", errors);
            var failed = VersionPolicy.Latest(1).Select(directory.Versions.Select(v => v.Key)).Select(number =>
            {
                var version = new ModelVersion(directory.Name, number, directory.Versions.First(v => v.Key == number).Value);
                version.MarkFailed("INVALID_ARGUMENT", message);
                return version;
            });
            return new ServedModel(directory.Name, directory.Path, ModelConfig.Default, errors, [.. failed]);
        }

        var wanted = config.VersionPolicy.Select(directory.Versions.Select(v => v.Key));
        var versions = new List<ModelVersion>();
        foreach (var number in wanted)
        {
            var existing = current?.FindVersion(number);
            if (existing is not null && existing.State != ModelVersionState.End && current!.Config.Fingerprint == config.Fingerprint)
            {
                versions.Add(existing);
                continue;
            }

            if (existing is not null && existing.State == ModelVersionState.End && existing.Status.ErrorCode != "OK" && current!.Config.Fingerprint == config.Fingerprint)
            {
                // A failed version stays failed until its config changes (retries come with the repository watcher).
                versions.Add(existing);
                continue;
            }

            var version = new ModelVersion(directory.Name, number, directory.Versions.First(v => v.Key == number).Value);
            versions.Add(version);
            toLoad.Add((version, config));
        }

        if (current is not null)
        {
            toUnload.AddRange(current.Versions.Where(v => !versions.Contains(v)));
        }

        return new ServedModel(directory.Name, directory.Path, config, [], versions);
    }

    private async Task LoadVersionAsync(ModelVersion version, ModelConfig config, CancellationToken cancellationToken)
    {
        version.MarkLoading();
        Log.VersionLoading(_logger, version.ModelName, version.Number);
        if (!_factories.TryGetValue(config.Platform, out var factory))
        {
            version.MarkFailed("INVALID_ARGUMENT", $"No runtime is registered for platform '{config.Platform}'.");
            return;
        }

        var modelPath = Path.Combine(version.Directory, factory.ModelFileName);
        if (!File.Exists(modelPath))
        {
            version.MarkFailed("NOT_FOUND", $"Version directory {version.Number} holds no {factory.ModelFileName}.");
            Log.VersionFailed(_logger, version.ModelName, version.Number, version.Status.ErrorMessage, null);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var runner = await factory.LoadAsync(new ModelLoadRequest(version.ModelName, version.Number, version.Directory, modelPath, config), cancellationToken)
                .ConfigureAwait(false);
            ServingPipeline pipeline;
            try
            {
                pipeline = ServingPipeline.Build(config.ServingFunction, runner.Signature);
                if (!config.Warmup.IsEmpty)
                {
                    await VersionWarmup.RunAsync(runner, pipeline, config.Warmup, cancellationToken).ConfigureAwait(false);
                    Log.VersionWarmedUp(_logger, version.ModelName, version.Number);
                }
            }
            catch
            {
                runner.Dispose();
                throw;
            }

            version.MarkAvailable(runner, pipeline, new DynamicBatcher(runner, config.Batching, _timeProvider, _logger));
            Log.VersionAvailable(_logger, version.ModelName, version.Number, runner.ExecutionProvider, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (ModelLoadException ex)
        {
            version.MarkFailed("INVALID_ARGUMENT", ex.Message);
            Log.VersionFailed(_logger, version.ModelName, version.Number, ex.Message, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            version.MarkFailed("UNKNOWN", "The model version failed to load.");
            Log.VersionFailed(_logger, version.ModelName, version.Number, "unexpected error", ex);
        }
    }

    private async Task UnloadVersionAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        Log.VersionUnloading(_logger, version.ModelName, version.Number);
        await version.UnloadAsync(cancellationToken).ConfigureAwait(false);
        Log.VersionUnloaded(_logger, version.ModelName, version.Number);
    }

    private void Publish(Dictionary<string, ServedModel> models) =>
        Volatile.Write(ref _snapshot, new ModelRepositorySnapshot(models.ToFrozenDictionary(StringComparer.Ordinal)));

    /// <summary>Unloads every version.</summary>
    public async ValueTask DisposeAsync()
    {
        var models = Snapshot.Models.Values;
        Volatile.Write(ref _snapshot, ModelRepositorySnapshot.Empty);
        await Task.WhenAll(models.SelectMany(m => m.Versions).Select(v => v.UnloadAsync(CancellationToken.None))).ConfigureAwait(false);
        _reconcileGate.Dispose();
    }
}
