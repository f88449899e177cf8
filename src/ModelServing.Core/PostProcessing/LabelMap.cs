using System.Globalization;

namespace ModelServing.Core.PostProcessing;

/// <summary>Class labels by index, loaded from a labels file (a JSON array of strings, or one label per line).</summary>
/// <remarks>Immutable and thread-safe once built.</remarks>
internal sealed partial class LabelMap
{
    private readonly string[] _labels;

    private LabelMap(string[] labels)
    {
        _labels = labels;
    }

    /// <summary>Number of labels.</summary>
    public int Count => _labels.Length;

    /// <summary>The labels in index order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The label of class <paramref name="index"/>, or the index itself as text when the file has no such label.</summary>
    public string this[int index] =>
        (uint)index < (uint)_labels.Length ? _labels[index] : index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates a map over the given labels (copied).</summary>
    public static LabelMap FromLabels(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var copy = labels.ToArray();
        foreach (var label in copy)
        {
            ArgumentNullException.ThrowIfNull(label, nameof(labels));
        }

        return new LabelMap(copy);
    }
}
