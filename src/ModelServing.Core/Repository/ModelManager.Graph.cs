using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Graph;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Telemetry;

namespace ModelServing.Core.Repository;

public sealed partial class ModelManager
{
    private InferenceService? _graphDataPlane;

    /// <summary>How composed models reach the models they call: the same data plane the protocols use.</summary>
    private InferenceService GraphDataPlane => _graphDataPlane ??= new InferenceService(this);

    /// <summary>
    /// Loads a composed model's version: refuses a cycle or a missing model at once; when the models it calls are AVAILABLE,
    /// checks every step's types against them and publishes it AVAILABLE; otherwise leaves it LOADING (the reason in its
    /// status) and finishes the load in the background once they are, so the reconcile that loads them is not held up.
    /// </summary>
    private void LoadGraphVersion(ModelVersion version, ModelConfig config)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            CheckCycle(version.ModelName, config.Graph!);
            if (Waiting(config.Graph!) is { } reason)
            {
                version.MarkWaiting(reason);
                Log.GraphWaiting(_logger, version.ModelName, version.Number, reason);
                _ = FinishWhenCalledModelsAreAvailableAsync(version, config, started);
            }
            else
            {
                PublishGraphVersion(version, config, started);
            }
        }
        catch (ModelLoadException ex)
        {
            FailGraphVersion(version, ex);
        }
    }

    private async Task FinishWhenCalledModelsAreAvailableAsync(ModelVersion version, ModelConfig config, long started)
    {
        try
        {
            var giveUp = _timeProvider.GetUtcNow() + _options.DependencyWait;
            var reported = version.Status.ErrorMessage;
            while (Waiting(config.Graph!) is { } reason)
            {
                if (version.State != ModelVersionState.Loading || Snapshot.Models.GetValueOrDefault(version.ModelName)?.Versions.Contains(version) != true)
                {
                    return; // replaced or unloaded meanwhile
                }

                if (_timeProvider.GetUtcNow() >= giveUp)
                {
                    throw new ModelLoadException($"the models it calls did not become AVAILABLE within {_options.DependencyWait.TotalSeconds:0} s: {reason}");
                }

                if (reason != reported)
                {
                    version.MarkWaiting(reason);
                    Log.GraphWaiting(_logger, version.ModelName, version.Number, reason);
                    reported = reason;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider, _stopping.Token).ConfigureAwait(false);
            }

            PublishGraphVersion(version, config, started);
        }
        catch (ModelLoadException ex)
        {
            FailGraphVersion(version, ex);
            ScheduleRetry(version.ModelName, version.Number);
        }
        catch (OperationCanceledException)
        {
            // The manager is stopping.
        }
    }

    private void PublishGraphVersion(ModelVersion version, ModelConfig config, long started)
    {
        var composed = ComposedModel.Build(version.ModelName, config.Graph!, GraphDataPlane);
        var scheduler = new GraphScheduler(composed, ServingTelemetry.VersionTags(version.ModelName, version.Number), config.Batching.DefaultTimeout);
        version.MarkAvailable(new GraphRunner(composed), ServingPipeline.Build(null, composed.Signature), scheduler);
        ServingTelemetry.RecordLoadEvent(version.ModelName, version.Number, "available");
        Log.VersionAvailable(_logger, version.ModelName, version.Number, GraphRunner.Provider, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void FailGraphVersion(ModelVersion version, ModelLoadException ex)
    {
        version.MarkFailed("INVALID_ARGUMENT", ex.Message);
        ServingTelemetry.RecordLoadEvent(version.ModelName, version.Number, "failed");
        Log.VersionFailed(_logger, version.ModelName, version.Number, ex.Message, null);
    }

    /// <summary>Follows the called models that are themselves composed; reaching <paramref name="model"/> again is a cycle.</summary>
    private void CheckCycle(string model, GraphConfig graph)
    {
        var models = Snapshot.Models;
        void Visit(GraphConfig current, List<string> path)
        {
            foreach (var called in current.CalledModels)
            {
                if (called == model)
                {
                    throw new ModelLoadException($"graph: models call each other in a cycle: {string.Join(" -> ", path)} -> {called}");
                }

                if (!path.Contains(called) && models.GetValueOrDefault(called)?.Config.Graph is { } next)
                {
                    Visit(next, [.. path, called]);
                }
            }
        }

        Visit(graph, [model]);
    }

    /// <summary>Why the graph cannot run yet (the called models not AVAILABLE), or null when it can.</summary>
    /// <exception cref="ModelLoadException">A called model is missing, or all its versions failed.</exception>
    private string? Waiting(GraphConfig graph)
    {
        var waiting = graph.Steps.Where(s => s.Model is not null).Select(WhyNotCallable).OfType<string>().Distinct().ToList();
        return waiting.Count == 0 ? null : "waiting for the models it calls: " + string.Join("; ", waiting);
    }

    /// <summary>Null when the step's model can be called now; why not otherwise. A missing or failed model fails the load at once.</summary>
    private string? WhyNotCallable(GraphStepConfig step)
    {
        var model = Snapshot.Models.GetValueOrDefault(step.Model!)
            ?? throw new ModelLoadException($"{step.Path}: step '{step.Name}' calls model '{step.Model}', which is not in the repository");
        try
        {
            using var lease = GraphDataPlane.Acquire(step.Model!, step.Version);
            return null;
        }
        catch (ServingException ex) when (ex.Kind == ServingErrorKind.NotReady)
        {
            if (model.Versions.Count > 0 && model.Versions.All(IsFailed))
            {
                var version = model.Versions[^1];
                throw new ModelLoadException($"{step.Path}: step '{step.Name}' calls model '{step.Model}', which failed to load (version {version.Number}: {version.Status.ErrorMessage})");
            }

            return model.Versions.Count == 0
                ? $"'{step.Model}' (no version yet)"
                : $"'{step.Model}' ({string.Join(", ", model.Versions.Select(v => $"version {v.Number} is {v.State.ToString().ToUpperInvariant()}"))})";
        }
        catch (ServingException ex)
        {
            throw new ModelLoadException($"{step.Path}: step '{step.Name}' cannot call model '{step.Model}': {ex.Message}", ex);
        }
    }
}
