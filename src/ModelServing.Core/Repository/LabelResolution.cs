namespace ModelServing.Core.Repository;

/// <summary>What a version label resolves to (see <see cref="ServedModel.ResolveLabel"/>).</summary>
public enum LabelResolution
{
    /// <summary>The label routes to a version.</summary>
    Resolved,
    /// <summary>The model's config has no such label.</summary>
    Unknown,
    /// <summary>The label is configured, but its version has never been AVAILABLE while it pointed there.</summary>
    NeverAvailable,
}
