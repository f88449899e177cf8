using System.Globalization;

namespace ModelServing.Core.DataPlane;

/// <summary>Which version of a model a request asks for: the latest AVAILABLE one, a number, or a label.</summary>
public readonly record struct VersionSelector
{
    private VersionSelector(long? number, string? label)
    {
        Number = number;
        Label = label;
    }

    /// <summary>The latest AVAILABLE version.</summary>
    public static VersionSelector Latest => default;

    /// <summary>The version number asked for, or null.</summary>
    public long? Number { get; }

    /// <summary>The label asked for, or null.</summary>
    public string? Label { get; }

    /// <summary>True for <see cref="Latest"/>.</summary>
    public bool IsLatest => Number is null && Label is null;

    /// <summary>A specific version.</summary>
    public static VersionSelector ForVersion(long number) => new(number, null);

    /// <summary>A labelled version.</summary>
    public static VersionSelector ForLabel(string label) => new(null, label);

    /// <summary>TF Serving's description of the request (<c>Latest(m)</c>, <c>Specific(m, 3)</c>).</summary>
    public string Describe(string model) => Number is { } n
        ? string.Create(CultureInfo.InvariantCulture, $"Specific({model}, {n})")
        : Label is { } l ? $"Label({model}, {l})" : $"Latest({model})";
}
