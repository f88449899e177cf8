using System.Collections.Frozen;

namespace ModelServing.Core.Repository;

/// <summary>A problem fetching part of a remote repository, as the status APIs show it.</summary>
/// <param name="ErrorCode">Canonical error code name (<c>UNAVAILABLE</c>, <c>PERMISSION_DENIED</c>, <c>NOT_FOUND</c>, <c>DATA_LOSS</c>).</param>
/// <param name="Message">Operator-safe: names the store and object, never a credential.</param>
public sealed record SourceProblem(string ErrorCode, string Message);

/// <summary>What a <see cref="IRepositorySource"/> could not fetch at its last sync.</summary>
/// <param name="Repository">The store could not be listed (every model keeps its mirrored copy), or null.</param>
/// <param name="Models">Model-level files (<c>config.json</c>, labels) that could not be fetched, by model.</param>
/// <param name="Versions">Version directories that could not be fetched, by model and version.</param>
public sealed record RepositorySourceProblems(
    SourceProblem? Repository,
    FrozenDictionary<string, SourceProblem> Models,
    FrozenDictionary<string, FrozenDictionary<long, SourceProblem>> Versions)
{
    /// <summary>No problem.</summary>
    public static RepositorySourceProblems None { get; } = new(
        null, FrozenDictionary<string, SourceProblem>.Empty, FrozenDictionary<string, FrozenDictionary<long, SourceProblem>>.Empty);

    /// <summary>The problem shown on every AVAILABLE version of <paramref name="model"/>: the model's own, else the repository's.</summary>
    public SourceProblem? ForModel(string model) => Models.GetValueOrDefault(model) ?? Repository;

    /// <summary>The version problems of <paramref name="model"/>.</summary>
    public FrozenDictionary<long, SourceProblem> ForVersions(string model) => Versions.GetValueOrDefault(model) ?? FrozenDictionary<long, SourceProblem>.Empty;
}
