using System.Collections.Frozen;

namespace ModelServing.Core.Repository;

/// <summary>The models being served at one moment; replaced as a whole, never mutated.</summary>
/// <param name="Models">Models by name.</param>
public sealed record ModelRepositorySnapshot(FrozenDictionary<string, ServedModel> Models)
{
    /// <summary>The empty repository, before the first scan.</summary>
    public static ModelRepositorySnapshot Empty { get; } = new(FrozenDictionary<string, ServedModel>.Empty);

    /// <summary>True once every model has an AVAILABLE version (and there is at least one model).</summary>
    public bool AllModelsAvailable => Models.Count > 0 && Models.Values.All(m => m.LatestAvailable() is not null);
}
