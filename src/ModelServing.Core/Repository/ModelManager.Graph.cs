using ModelServing.Core.DataPlane;
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
    /// Loads a composed model's version: refuses a cycle or a missing model at once; waits here while the models it calls are
    /// loading in this same reconcile (so a repository loads whole); when they are AVAILABLE, checks every step's types against
    /// them and publishes it AVAILABLE. A called model that needs a later scan (no version yet, still settling, retrying)
    /// leaves it LOADING (the reason in its status) and the load finishes in the background, never holding the reconcile up.
    /// </summary>
    private async Task LoadGraphVersionAsync(ModelVersion version, ModelConfig config, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var graph = config.Graph!;
        try
        {
            CheckCycle(version.ModelName, graph);
            var giveUp = _timeProvider.GetUtcNow() + _options.DependencyWait;
            string? reported = null;
            while (Waiting(graph) is { } reason)
            {
                if (!LoadingNow(graph) || _timeProvider.GetUtcNow() >= giveUp)
                {
                    version.MarkWaiting(reason);
                    Log.GraphWaiting(_logger, version.ModelName, version.Number, reason);
                    _ = FinishWhenCalledModelsAreAvailableAsync(version, config, started);
                    return;
                }

                if (reason != reported)
                {
                    version.MarkWaiting(reason);
                    reported = reason;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            PublishGraphVersion(version, config, started);
        }
        catch (ModelLoadException ex)
        {
            FailGraphVersion(version, ex);
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
}
