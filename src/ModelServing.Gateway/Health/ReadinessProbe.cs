using ModelServing.Core.Repository;

namespace ModelServing.Gateway.Health;

/// <summary>Decides readiness: every model in the repository has an AVAILABLE version.</summary>
internal sealed class ReadinessProbe(ModelManager manager, IHostApplicationLifetime lifetime)
{
    /// <summary>Whether the gateway is ready, and if not, why (one reason per model that is not).</summary>
    public (bool Ready, IReadOnlyList<string> Reasons) Check()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return (false, ["the gateway is shutting down"]);
        }

        if (manager.RepositoryError is { } error)
        {
            return (false, [error]);
        }

        if (!manager.InitialLoadCompleted)
        {
            return (false, ["the model repository is still loading"]);
        }

        var snapshot = manager.Snapshot;
        if (snapshot.Models.Count == 0)
        {
            return (false, ["the model repository holds no model"]);
        }

        var reasons = new List<string>();
        foreach (var model in snapshot.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (model.LatestAvailable() is not null)
            {
                continue;
            }

            var detail = model.Versions.Count == 0
                ? "no version directory"
                : string.Join(", ", model.Versions.Select(v =>
                    $"version {v.Number} is {v.State.ToString().ToUpperInvariant()}" +
                    (v.Status.ErrorMessage.Length > 0 ? $" ({v.Status.ErrorMessage})" : string.Empty)));
            reasons.Add($"model {model.Name}: {detail}");
        }

        return (reasons.Count == 0, reasons);
    }

    /// <summary>
    /// What is wrong without making the gateway unready: one entry per model whose <c>config.json</c> is invalid while
    /// versions loaded under its last valid config keep serving. Empty when nothing is.
    /// </summary>
    public IReadOnlyList<string> Warnings() =>
        [.. manager.Snapshot.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal)
            .Where(m => m.ConfigProblem is not null)
            .Select(m => $"model {m.Name}: {m.ConfigProblem}")];
}
