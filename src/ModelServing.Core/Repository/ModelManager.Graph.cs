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
    /// Loads a composed model's version: refuses a cycle or a missing model at once, waits LOADING (the reason in its status)
    /// until the models it calls are AVAILABLE, then checks every step's types against them and publishes it AVAILABLE.
    /// </summary>
    private async Task LoadGraphVersionAsync(ModelVersion version, ModelConfig config, CancellationToken cancellationToken)
    {
        var graph = config.Graph!;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            CheckCycle(version.ModelName, graph);
            await WaitForCalledModelsAsync(version, graph, cancellationToken).ConfigureAwait(false);
            var composed = ComposedModel.Build(version.ModelName, graph, GraphDataPlane);
            var scheduler = new GraphScheduler(composed, ServingTelemetry.VersionTags(version.ModelName, version.Number), config.Batching.DefaultTimeout);
            version.MarkAvailable(new GraphRunner(composed), ServingPipeline.Build(null, composed.Signature), scheduler);
            ServingTelemetry.RecordLoadEvent(version.ModelName, version.Number, "available");
            Log.VersionAvailable(_logger, version.ModelName, version.Number, GraphRunner.Provider, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (ModelLoadException ex)
        {
            version.MarkFailed("INVALID_ARGUMENT", ex.Message);
            ServingTelemetry.RecordLoadEvent(version.ModelName, version.Number, "failed");
            Log.VersionFailed(_logger, version.ModelName, version.Number, ex.Message, null);
        }
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

    private async Task WaitForCalledModelsAsync(ModelVersion version, GraphConfig graph, CancellationToken cancellationToken)
    {
        var giveUp = _timeProvider.GetUtcNow() + _options.DependencyWait;
        string? reported = null;
        while (true)
        {
            var waiting = new List<string>();
            foreach (var step in graph.Steps.Where(s => s.Model is not null))
            {
                if (WhyNotCallable(step) is { } reason)
                {
                    waiting.Add(reason);
                }
            }

            if (waiting.Count == 0)
            {
                return;
            }

            var message = "waiting for the models it calls: " + string.Join("; ", waiting);
            if (_timeProvider.GetUtcNow() >= giveUp)
            {
                throw new ModelLoadException($"the models it calls did not become AVAILABLE within {_options.DependencyWait.TotalSeconds:0} s: {string.Join("; ", waiting)}");
            }

            if (message != reported)
            {
                version.MarkWaiting(message);
                Log.GraphWaiting(_logger, version.ModelName, version.Number, message);
                reported = message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
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

            return $"'{step.Model}' ({string.Join(", ", model.Versions.Select(v => $"version {v.Number} is {v.State.ToString().ToUpperInvariant()}"))})";
        }
        catch (ServingException ex)
        {
            throw new ModelLoadException($"{step.Path}: step '{step.Name}' cannot call model '{step.Model}': {ex.Message}", ex);
        }
    }
}
