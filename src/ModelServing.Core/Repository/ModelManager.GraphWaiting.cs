using ModelServing.Core.Errors;
using ModelServing.Core.Graph;
using ModelServing.Core.Runtime;

namespace ModelServing.Core.Repository;

public sealed partial class ModelManager
{
    /// <summary>True when every called model that is not callable yet is an ONNX model with a version loading now (in this reconcile).</summary>
    private bool LoadingNow(GraphConfig graph)
    {
        foreach (var step in graph.Steps.Where(s => s.Model is not null))
        {
            if (WhyNotCallable(step) is not null)
            {
                var model = Snapshot.Models.GetValueOrDefault(step.Model!);
                if (model is null || model.Config.Graph is not null || !model.Versions.Any(v => v.State is ModelVersionState.Start or ModelVersionState.Loading))
                {
                    return false;
                }
            }
        }

        return true;
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
