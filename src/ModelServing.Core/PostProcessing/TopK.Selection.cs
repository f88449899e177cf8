using ModelServing.Core.Tensors;

namespace ModelServing.Core.PostProcessing;

/// <summary>The two selection strategies and input conversion.</summary>
internal static partial class TopK
{
    private static void SelectByInsertion(ReadOnlySpan<float> row, Span<int> indices, Span<float> scores)
    {
        var k = indices.Length;
        if (k == 0)
        {
            return;
        }

        var count = 0;
        for (var i = 0; i < row.Length; i++)
        {
            var value = row[i];

            // Indices only grow, so a candidate that does not beat the last kept entry can never enter.
            if (count == k && !RanksBefore(value, i, scores[k - 1], indices[k - 1]))
            {
                continue;
            }

            var position = count == k ? k - 1 : count++;
            while (position > 0 && RanksBefore(value, i, scores[position - 1], indices[position - 1]))
            {
                scores[position] = scores[position - 1];
                indices[position] = indices[position - 1];
                position--;
            }

            scores[position] = value;
            indices[position] = i;
        }
    }

    private static void SelectBySorting(float[] values, int offset, int length, int[] order, Span<int> indices, Span<float> scores)
    {
        var candidates = order.AsSpan(0, length);
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = i;
        }

        // The comparer breaks every tie by index, so the unstable sort still gives one deterministic order.
        candidates.Sort(new RankComparer(values, offset));
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = candidates[i];
            scores[i] = values[offset + candidates[i]];
        }
    }

    private static float[] AsFloats(TensorData scores)
    {
        switch (scores.DataType)
        {
            case TensorDataType.Float:
                return scores.As<float>();
            case TensorDataType.Double:
                var doubles = scores.As<double>();
                var fromDoubles = new float[doubles.Length];
                for (var i = 0; i < doubles.Length; i++)
                {
                    fromDoubles[i] = (float)doubles[i];
                }

                return fromDoubles;
            case TensorDataType.Float16:
                var halves = scores.As<Half>();
                var fromHalves = new float[halves.Length];
                for (var i = 0; i < halves.Length; i++)
                {
                    fromHalves[i] = (float)halves[i];
                }

                return fromHalves;
            default:
                throw new ArgumentException($"Top-k needs a float, double or float16 tensor, got {scores.DataType}.", nameof(scores));
        }
    }

    private readonly struct RankComparer(float[] values, int offset) : IComparer<int>
    {
        public int Compare(int x, int y) => x == y ? 0 : RanksBefore(values[offset + x], x, values[offset + y], y) ? -1 : 1;
    }
}
