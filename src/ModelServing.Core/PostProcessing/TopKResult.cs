namespace ModelServing.Core.PostProcessing;

/// <summary>The <see cref="K"/> best classes of each of <see cref="Rows"/> rows, best first.</summary>
/// <param name="Rows">Number of rows (the product of every axis but the last).</param>
/// <param name="K">Entries per row (the requested k clamped to the number of classes).</param>
/// <param name="Indices">Class indices, row-major <c>[Rows, K]</c>.</param>
/// <param name="Scores">Scores of those classes, row-major <c>[Rows, K]</c>.</param>
/// <remarks>The arrays are owned by the result; do not mutate them after handing the result on.</remarks>
internal sealed record TopKResult(int Rows, int K, int[] Indices, float[] Scores)
{
    /// <summary>Class indices of <paramref name="row"/>, best first.</summary>
    public ReadOnlySpan<int> RowIndices(int row) => Indices.AsSpan(RowOffset(row), K);

    /// <summary>Scores of <paramref name="row"/>, best first.</summary>
    public ReadOnlySpan<float> RowScores(int row) => Scores.AsSpan(RowOffset(row), K);

    private int RowOffset(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return row * K;
    }
}
