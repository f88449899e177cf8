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
            return (false, [manager.SourceProblems.Repository?.Message ?? "the model repository holds no model"]);
        }

        var reasons = new List<string>();
        foreach (var model in snapshot.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (model.LatestAvailable() is not null)
            {
                continue;
            }

            var statuses = model.Statuses();
            var detail = statuses.Count == 0
                ? "no version directory"
                : string.Join(", ", statuses.Select(s =>
                    $"version {s.Version} is {s.State.ToString().ToUpperInvariant()}" +
                    (s.ErrorMessage.Length > 0 ? $" ({s.ErrorMessage})" : string.Empty)));
            reasons.Add($"model {model.Name}: {detail}");
        }

        return (reasons.Count == 0, reasons);
    }

    /// <summary>
    /// What is wrong without making the gateway unready: a remote repository's store that cannot be read, files and versions
    /// of it that could not be fetched (their mirrored copy, if any, keeps serving), and one entry per model whose
    /// <c>config.json</c> is invalid while versions loaded under its last valid config keep serving. Empty when nothing is.
    /// </summary>
    public IReadOnlyList<string> Warnings()
    {
        var warnings = new List<string>();
        var problems = manager.SourceProblems;
        if (problems.Repository is { } repository && manager.Snapshot.Models.Count > 0)
        {
            warnings.Add($"model repository: {repository.Message} The mirrored copy keeps serving.");
        }

        warnings.AddRange(problems.Models.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"model {p.Key}: {p.Value.Message}"));
        warnings.AddRange(problems.Versions.OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.OrderBy(v => v.Key).Select(v => $"model {p.Key} version {v.Key}: {v.Value.Message}")));
        warnings.AddRange(manager.Snapshot.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal)
            .Where(m => m.ConfigProblem is not null)
            .Select(m => $"model {m.Name}: {m.ConfigProblem}"));
        return warnings;
    }
}
