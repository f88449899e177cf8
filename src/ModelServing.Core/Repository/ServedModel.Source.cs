using System.Collections.Frozen;

namespace ModelServing.Core.Repository;

/// <summary>What the status APIs show of a model served from a remote repository's mirror when part of it could not be fetched.</summary>
public sealed partial record ServedModel
{
    /// <summary>Why the store (or this model's <c>config.json</c>) could not be fetched while the mirrored copy keeps serving, or null.</summary>
    public SourceProblem? SourceProblem { get; init; }

    /// <summary>Versions that could not be fetched (a truncated or corrupt object, access denied), by number.</summary>
    public FrozenDictionary<long, SourceProblem> SourceVersionProblems { get; init; } = FrozenDictionary<long, SourceProblem>.Empty;

    /// <summary>Every version's status: the served ones (see <see cref="StatusOf"/>), and, as END with their error, versions the
    /// store has but that could not be fetched.</summary>
    public IReadOnlyList<ModelVersionStatus> Statuses()
    {
        var statuses = Versions.Select(StatusOf).ToList();
        foreach (var (number, problem) in SourceVersionProblems)
        {
            if (FindVersion(number) is null)
            {
                statuses.Add(FetchFailed(number, problem));
            }
        }

        return [.. statuses.OrderBy(s => s.Version)];
    }

    /// <summary>The status of version <paramref name="number"/> when it is not served but could not be fetched, or null.</summary>
    public ModelVersionStatus? UnfetchedStatus(long number) =>
        FindVersion(number) is null && SourceVersionProblems.TryGetValue(number, out var problem) ? FetchFailed(number, problem) : null;

    private static ModelVersionStatus FetchFailed(long number, SourceProblem problem) =>
        new(number, ModelVersionState.End, problem.ErrorCode, problem.Message, null);

    private ModelVersionStatus WithSourceProblem(ModelVersionStatus status)
    {
        if (SourceVersionProblems.TryGetValue(status.Version, out var own))
        {
            var kept = status.State == ModelVersionState.Available ? " The copy fetched earlier keeps serving." : string.Empty;
            return status with { ErrorCode = own.ErrorCode, ErrorMessage = own.Message + kept };
        }

        return status.State == ModelVersionState.Available && status.ErrorCode == "OK" && SourceProblem is { } problem
            ? status with { ErrorCode = problem.ErrorCode, ErrorMessage = problem.Message + " The mirrored copy keeps serving." }
            : status;
    }
}
