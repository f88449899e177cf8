using System.Collections.Frozen;

namespace ModelServing.Storage.Mirror;

/// <summary>The mirror's state after a sync: what could not be read, per repository and per version directory.</summary>
/// <param name="Repository">Why the store could not be listed (the mirror keeps its last copy), or null.</param>
/// <param name="Units">Version directories (local paths such as <c>loans/2</c>) that failed to download, and why; their
/// previous copy, if any, is kept.</param>
/// <param name="LastSuccess">When a listing last succeeded, or null before the first.</param>
public sealed record MirrorStatus(MirrorProblem? Repository, FrozenDictionary<string, MirrorProblem> Units, DateTimeOffset? LastSuccess)
{
    /// <summary>Before the first sync.</summary>
    public static MirrorStatus Initial { get; } = new(null, FrozenDictionary<string, MirrorProblem>.Empty, null);

    /// <summary>Whether both describe the same problems (times aside from their start).</summary>
    public bool SameProblems(MirrorStatus other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Equals(Repository, other.Repository) && Units.Count == other.Units.Count
            && Units.All(u => other.Units.TryGetValue(u.Key, out var p) && p == u.Value);
    }
}
