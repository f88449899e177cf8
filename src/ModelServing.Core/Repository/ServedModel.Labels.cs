using System.Collections.Frozen;

namespace ModelServing.Core.Repository;

/// <summary>Version labels of a served model: which version each label routes to now.</summary>
/// <remarks>
/// Like TF Serving, a label points only at an AVAILABLE version: when the config moves a label to a version that is not
/// AVAILABLE yet, the label keeps its previous AVAILABLE target until the new one becomes AVAILABLE, then follows it.
/// <see cref="ModelConfig.AllowUnavailableLabels"/> turns this off (the label routes straight to its configured number).
/// </remarks>
public sealed partial record ServedModel
{
    /// <summary>The version each label last pointed at while that version was AVAILABLE (labels without one are absent).</summary>
    public IReadOnlyDictionary<string, long> LabelTargets { get; init; } = FrozenDictionary<string, long>.Empty;

    /// <summary>The version <paramref name="label"/> routes to now.</summary>
    /// <param name="label">The label asked for.</param>
    /// <param name="version">The version number, when the result is <see cref="LabelResolution.Resolved"/>.</param>
    /// <returns>Whether the label is configured and has a target.</returns>
    public LabelResolution ResolveLabel(string label, out long version)
    {
        version = 0;
        if (!Config.VersionLabels.TryGetValue(label, out var configured))
        {
            return LabelResolution.Unknown;
        }

        if (Config.AllowUnavailableLabels || IsAvailable(configured))
        {
            version = configured;
            return LabelResolution.Resolved;
        }

        if (LabelTargets.TryGetValue(label, out var previous))
        {
            version = previous;
            return LabelResolution.Resolved;
        }

        return LabelResolution.NeverAvailable;
    }

    /// <summary>This model with <see cref="LabelTargets"/> brought up to date against the same model as it was served before.</summary>
    /// <param name="previous">The model in the snapshot being replaced, or null when it is new.</param>
    /// <remarks>
    /// A label moves to its configured version once that version is AVAILABLE; until then it keeps its previous target while a
    /// version with that number is still served (in whatever state), and has none otherwise.
    /// </remarks>
    public ServedModel WithLabelTargets(ServedModel? previous)
    {
        if (Config.VersionLabels.Count == 0)
        {
            return LabelTargets.Count == 0 ? this : this with { LabelTargets = FrozenDictionary<string, long>.Empty };
        }

        var targets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (label, configured) in Config.VersionLabels)
        {
            if (IsAvailable(configured))
            {
                targets[label] = configured;
            }
            else if (previous is not null && previous.LabelTargets.TryGetValue(label, out var kept) && FindVersion(kept) is not null)
            {
                targets[label] = kept;
            }
        }

        return this with { LabelTargets = targets.ToFrozenDictionary(StringComparer.Ordinal) };
    }

    private bool IsAvailable(long number)
    {
        foreach (var version in Versions)
        {
            if (version.Number == number && version.State == ModelVersionState.Available)
            {
                return true;
            }
        }

        return false;
    }
}
