using System.Collections.Frozen;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelServing.Core.Batching;
using ModelServing.Core.IO;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Telemetry;

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
    private readonly IWarmupRequestReader? _warmupRequestReader;
    private readonly ServingStageRegistry _stages;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private ModelRepositorySnapshot _snapshot = ModelRepositorySnapshot.Empty;
    private ImmutableHashSet<string> _unloaded = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private readonly HashSet<string> _forceReload = new(StringComparer.Ordinal);
    private readonly HashSet<(string Model, long Version)> _retryRequested = [];
    private string? _repositoryError;

    /// <summary>Creates the manager; nothing is loaded until <see cref="ReconcileAsync"/>.</summary>
    /// <remarks>With a <paramref name="repositorySource"/> (a remote repository), every reconcile syncs it before scanning.</remarks>
    public ModelManager(
        IOptions<ModelRepositoryOptions> options,
        IEnumerable<IModelRunnerFactory> factories,
        ServingStageRegistry stages,
        TimeProvider timeProvider,
        ILogger<ModelManager> logger,
        IWarmupRequestReader? warmupRequestReader = null,
        IRepositorySource? repositorySource = null)
    {
        _warmupRequestReader = warmupRequestReader;
        _source = repositorySource;
        ArgumentNullException.ThrowIfNull(options);
        _stages = stages;
        _timeProvider = timeProvider;
        _options = options.Value;
        _factories = factories.ToDictionary(f => f.Platform, StringComparer.Ordinal);
        _logger = logger;
        _retryPipeline = BuildRetryPipeline();
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
        var sourceChanged = await SyncSourceAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ModelDirectory> directories;
        try
        {
            var unloaded = UnloadedModels;
            directories = [.. ModelRepositoryScanner.Scan(_options).Where(d => !unloaded.Contains(d.Name))];
            if (Interlocked.Exchange(ref _repositoryError, null) is not null)
            {
                Log.RepositoryReadable(_logger, Path.GetFullPath(_options.Root));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An expected condition (a mount not there yet, a typo in the path), not a bug: one line, no stack trace, and only
            // when it starts or changes, not at every poll.
            var error = ex is DirectoryNotFoundException ? ex.Message : "The model repository cannot be read.";
            if (Interlocked.Exchange(ref _repositoryError, error) != error)
            {
                Log.RepositoryUnreadable(_logger, Path.GetFullPath(_options.Root), ex.Message);
            }

            return;
        }

        var previous = Snapshot.Models;
        var plans = new Dictionary<string, ModelPlan>(StringComparer.Ordinal);
        var toLoad = new List<(ModelVersion Version, ModelConfig Config)>();
        var gone = new List<ModelVersion>();
        foreach (var directory in directories)
        {
            previous.TryGetValue(directory.Name, out var current);
            var plan = Plan(directory, current, toLoad, gone);
            plans[directory.Name] = plan with { Next = WithSourceProblems(plan.Next) };
        }

        foreach (var (name, removed) in previous)
        {
            if (!plans.ContainsKey(name))
            {
                gone.AddRange(removed.Versions);
                Log.ModelRemoved(_logger, name);
            }
        }

        var unchanged = !sourceChanged && toLoad.Count == 0 && gone.Count == 0 && plans.Count == previous.Count && plans.All(p =>
            p.Value.Replaced.Count == 0
            && previous.TryGetValue(p.Key, out var model)
            && model.Config.Fingerprint == p.Value.Next.Config.Fingerprint
            && model.ConfigErrors.SequenceEqual(p.Value.Next.ConfigErrors)
            && model.Versions.SequenceEqual(p.Value.Next.Versions));
        if (unchanged)
        {
            return;
        }

        // While new versions load, the versions they replace keep serving (availability-preserving).
        Publish(plans.ToDictionary(p => p.Key, p => WithVersions(p.Value.Next, p.Value.Replaced), StringComparer.Ordinal));
        await Task.WhenAll(toLoad.Select(item => LoadVersionAsync(item.Version, item.Config, cancellationToken))).ConfigureAwait(false);

        // Replaced versions retire once their model has a new AVAILABLE version; if every new load failed, they keep serving.
        var retiring = new List<ModelVersion>(gone);
        var final = new Dictionary<string, ServedModel>(StringComparer.Ordinal);
        foreach (var (name, plan) in plans)
        {
            if (plan.Replaced.Count > 0 && plan.Next.Versions.Any(v => v.State == ModelVersionState.Available))
            {
                retiring.AddRange(plan.Replaced);
                final[name] = plan.Next;
            }
            else
            {
                final[name] = WithVersions(plan.Next, plan.Replaced);
            }
        }

        Publish(final);
        foreach (var (version, _) in toLoad)
        {
            if (IsFailed(version))
            {
                ScheduleRetry(version.ModelName, version.Number);
            }
        }

        await Task.WhenAll(retiring.Select(v => UnloadVersionAsync(v, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>What one reconcile does to a model: its next state, and the versions the new ones replace.</summary>
    private sealed record ModelPlan(ServedModel Next, List<ModelVersion> Replaced);

    /// <summary>The model with <paramref name="extra"/> versions added, ordered by number, older instances first.</summary>
    private static ServedModel WithVersions(ServedModel model, List<ModelVersion> extra) =>
        extra.Count == 0 ? model : model with { Versions = [.. extra.Concat(model.Versions).OrderBy(v => v.Number)] };

    private ModelPlan Plan(ModelDirectory directory, ServedModel? current, List<(ModelVersion, ModelConfig)> toLoad, List<ModelVersion> gone)
    {
        var configName = $"{directory.Name}/{ModelConfigLoader.FileName}";
        var (config, errors) = ModelConfigLoader.Load(directory.Path, configName, _stages);
        if (config is not null && _options.AdjustConfig is { } adjust)
        {
            config = adjust(config);
        }

        if (config is null)
        {
            // Logged when the errors appear or change, not at every poll; the status APIs show them meanwhile.
            if (current is null || !current.ConfigErrors.SequenceEqual(errors))
            {
                foreach (var error in errors)
                {
                    Log.ConfigInvalid(_logger, error.ToString());
                }
            }

            if (current is not null && current.LatestAvailable() is not null)
            {
                // Keep serving what was loaded under the last valid config.
                return new ModelPlan(current with { ConfigErrors = errors }, []);
            }

            var message = "Invalid model config: " + string.Join("; ", errors);
            var failed = VersionPolicy.Latest(1).Select(directory.Versions.Select(v => v.Key)).Select(number =>
            {
                var version = new ModelVersion(directory.Name, number, directory.Versions.First(v => v.Key == number).Value);
                version.MarkFailed("INVALID_ARGUMENT", message);
                return version;
            });
            if (current is not null)
            {
                gone.AddRange(current.Versions);
            }

            return new ModelPlan(new ServedModel(directory.Name, directory.Path, ModelConfig.Default, errors, [.. failed]), []);
        }

        // Only versions whose files have settled count; one still being copied waits for a later scan.
        var stamps = new Dictionary<long, VersionFiles>();
        var settling = new HashSet<long>();
        foreach (var (number, path) in directory.Versions)
        {
            var files = VersionFiles.Read(path);
            // Everything present at start-up loads at once; later arrivals must settle first.
            if (!InitialLoadCompleted || files.IsSettled(_options.SettleTime, DateTimeOffset.UtcNow))
            {
                stamps[number] = files;
            }
            else if (current?.FindVersion(number) is { } loaded && loaded.Files is { } known && known == files)
            {
                stamps[number] = files;
            }
            else
            {
                Log.VersionSettling(_logger, directory.Name, number);
                settling.Add(number);
                if (current?.FindVersion(number) is { } existingVersion)
                {
                    stamps[number] = existingVersion.Files ?? files;
                }
            }
        }

        var sameConfig = current is not null && current.Config.Fingerprint == config.Fingerprint && !_forceReload.Contains(directory.Name);
        var wanted = config.VersionPolicy.Select(stamps.Keys);
        var versions = new List<ModelVersion>();
        foreach (var number in wanted)
        {
            var existing = current?.FindVersion(number);
            var files = stamps[number];
            var retry = existing is not null && IsFailed(existing) && !settling.Contains(number) && _retryRequested.Contains((directory.Name, number));
            if (existing is not null && sameConfig && existing.Files == files && !retry
                && (existing.State != ModelVersionState.End || existing.Status.ErrorCode != "OK"))
            {
                // Unchanged: keep it, loaded or failed (a failed version is retried when its files or config change).
                versions.Add(existing);
                continue;
            }

            var version = new ModelVersion(directory.Name, number, directory.Versions.First(v => v.Key == number).Value) { Files = files };
            versions.Add(version);
            toLoad.Add((version, config));
        }

        var replaced = new List<ModelVersion>();
        if (current is not null)
        {
            // A version deleted in the same breath as a new one arrives (a remote repository's sync, or a user's mv and rm)
            // keeps serving from memory until the new one is AVAILABLE, as TF Serving's availability-preserving policy does.
            var loadingNew = toLoad.Exists(item => item.Item1.ModelName == directory.Name);
            foreach (var old in current.Versions.Where(v => !versions.Contains(v)))
            {
                var stillOnDisk = directory.Versions.Any(v => v.Key == old.Number);
                if ((stillOnDisk || loadingNew) && old.State == ModelVersionState.Available)
                {
                    replaced.Add(old);
                }
                else
                {
                    gone.Add(old);
                }
            }
        }

        return new ModelPlan(new ServedModel(directory.Name, directory.Path, config, [], versions), replaced);
    }

    private async Task LoadVersionAsync(ModelVersion version, ModelConfig config, CancellationToken cancellationToken)
    {
        version.MarkLoading();
        Log.VersionLoading(_logger, version.ModelName, version.Number);
        if (config.Graph is not null)
        {
            await LoadGraphVersionAsync(version, config, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!_factories.TryGetValue(config.Platform, out var factory))
        {
            version.MarkFailed("INVALID_ARGUMENT", $"No runtime is registered for platform '{config.Platform}'.");
            return;
        }

        // Only a regular file goes to the runtime: a FIFO would block its open, and the watcher with it.
        var modelPath = Path.Combine(version.Directory, factory.ModelFileName);
        if (RegularFiles.Problem(modelPath) is { } problem)
        {
            if (problem == RegularFiles.Missing)
            {
                version.MarkFailed("NOT_FOUND", $"Version directory {version.Number} holds no {factory.ModelFileName}.");
            }
            else
            {
                version.MarkFailed("INVALID_ARGUMENT", $"{factory.ModelFileName} of version {version.Number} {problem}.");
            }

            Log.VersionFailed(_logger, version.ModelName, version.Number, version.Status.ErrorMessage, null);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var runner = await factory.LoadAsync(new ModelLoadRequest(version.ModelName, version.Number, version.Directory, modelPath, config.Runtime), cancellationToken)
                .ConfigureAwait(false);
            ServingPipeline pipeline;
            try
            {
                pipeline = ServingPipeline.Build(config.ServingFunction, runner.Signature);
                if (!config.Warmup.IsEmpty)
                {
                    await VersionWarmup.RunAsync(runner, pipeline, config.Warmup, _warmupRequestReader, cancellationToken).ConfigureAwait(false);
                    Log.VersionWarmedUp(_logger, version.ModelName, version.Number);
                }
            }
            catch
            {
                runner.Dispose();
                throw;
            }

            var executor = new ExecutionThreads(ExecutionThreads.NameFor(version.ModelName, version.Number), config.Batching.MaxConcurrentExecutions, _logger);
            var batcher = new DynamicBatcher(runner, config.Batching, _timeProvider, _logger, executor)
            {
                MetricTags = ServingTelemetry.VersionTags(version.ModelName, version.Number),
                Guard = new ExecutionGuard(version.ModelName, version.Number, config.Runtime.InferenceTimeout, config.CircuitBreaker, _timeProvider, _logger),
            };
            version.MarkAvailable(runner, pipeline, batcher);
            ServingTelemetry.RecordLoadEvent(version.ModelName, version.Number, "available");
            Log.VersionAvailable(_logger, version.ModelName, version.Number, runner.ExecutionProvider, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (ModelLoadException ex)
        {
            version.MarkFailed("INVALID_ARGUMENT", ex.Message);
            ServingTelemetry.RecordLoadEvent(version.ModelName, version.Number, "failed");
            Log.VersionFailed(_logger, version.ModelName, version.Number, ex.Message, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            version.MarkFailed("UNKNOWN", "The model version failed to load.");
            ServingTelemetry.RecordLoadEvent(version.ModelName, version.Number, "failed");
            Log.VersionFailed(_logger, version.ModelName, version.Number, "unexpected error", ex);
        }
    }

    private async Task UnloadVersionAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        Log.VersionUnloading(_logger, version.ModelName, version.Number);
        await version.UnloadAsync(cancellationToken).ConfigureAwait(false);
        ServingTelemetry.RecordLoadEvent(version.ModelName, version.Number, "unloaded");
        Log.VersionUnloaded(_logger, version.ModelName, version.Number);
    }

    private void Publish(Dictionary<string, ServedModel> models)
    {
        // Labels follow their configured version only once it is AVAILABLE, so each snapshot carries them on from the last.
        var previous = Snapshot.Models;
        var next = models.ToFrozenDictionary(
            p => p.Key, p => p.Value.WithLabelTargets(previous.GetValueOrDefault(p.Key)), StringComparer.Ordinal);
        Volatile.Write(ref _snapshot, new ModelRepositorySnapshot(next));
    }

    /// <summary>Unloads every version.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopRetriesAsync().ConfigureAwait(false);
        var models = Snapshot.Models.Values;
        Volatile.Write(ref _snapshot, ModelRepositorySnapshot.Empty);
        await Task.WhenAll(models.SelectMany(m => m.Versions).Select(v => v.UnloadAsync(CancellationToken.None))).ConfigureAwait(false);
        _reconcileGate.Dispose();
    }
}
