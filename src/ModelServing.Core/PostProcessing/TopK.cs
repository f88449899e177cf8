using ModelServing.Core.Tensors;

namespace ModelServing.Core.PostProcessing;

/// <summary>The k highest-scoring classes along the last axis.</summary>
/// <remarks>
/// Order: score descending; equal scores by lower index first; NaN ranks below every number. A k larger than the number
/// of classes is clamped. Small k uses an insertion buffer (O(n·k) per row, no allocation); larger k sorts an index array
/// with the same order. Thread-safe (stateless).
/// </remarks>
internal static partial class TopK
{
    // Above this k an O(n log n) sort beats keeping an insertion buffer sorted.
    private const int InsertionLimit = 16;

    /// <summary>Returns the <paramref name="k"/> best classes of every row of a float, double or float16 tensor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The tensor is a scalar or not of a floating-point type.</exception>
    public static TopKResult LastAxis(TensorData scores, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var shape = TensorShapes.CopyOf(scores.Shape);
        var classes = TensorShapes.LastAxis(shape, nameof(scores));
        var rows = checked((int)TensorData.ElementCountOf(TensorShapes.WithoutLastAxis(shape)));
        var values = AsFloats(scores);
        var kept = Math.Min(k, classes);
        var indices = new int[checked(rows * kept)];
        var best = new float[indices.Length];
        int[]? order = kept > InsertionLimit ? new int[classes] : null;
        for (var r = 0; r < rows; r++)
        {
            var row = new ReadOnlySpan<float>(values, r * classes, classes);
            var rowIndices = indices.AsSpan(r * kept, kept);
            var rowScores = best.AsSpan(r * kept, kept);
            if (order is null)
            {
                SelectByInsertion(row, rowIndices, rowScores);
            }
            else
            {
                SelectBySorting(values, r * classes, classes, order, rowIndices, rowScores);
            }
        }

        return new TopKResult(rows, kept, indices, best);
    }

    /// <summary>Fills <paramref name="indices"/> and <paramref name="scores"/> with the best entries of one row.</summary>
    /// <remarks>
    /// The number of entries written is the destinations' length, which must not exceed the row's. Above 16 entries the
    /// row is copied once to sort it.
    /// </remarks>
    /// <exception cref="ArgumentException">The destinations differ in length or are longer than the row.</exception>
    public static void Row(ReadOnlySpan<float> row, Span<int> indices, Span<float> scores)
    {
        if (indices.Length != scores.Length || indices.Length > row.Length)
        {
            throw new ArgumentException("The destinations must have the same length, at most the row's.", nameof(indices));
        }

        if (indices.Length > InsertionLimit)
        {
            SelectBySorting(row.ToArray(), 0, row.Length, new int[row.Length], indices, scores);
        }
        else
        {
            SelectByInsertion(row, indices, scores);
        }
    }

    /// <summary>True when (<paramref name="a"/>, <paramref name="ia"/>) ranks before (<paramref name="b"/>, <paramref name="ib"/>).</summary>
    internal static bool RanksBefore(float a, int ia, float b, int ib)
    {
        if (float.IsNaN(a))
        {
            return float.IsNaN(b) && ia < ib;
        }

        if (float.IsNaN(b))
        {
            return true;
        }

        return a > b || (a == b && ia < ib);
    }
}
