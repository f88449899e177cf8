using ModelServing.Core.Tensors;

namespace ModelServing.Core.PostProcessing;

/// <summary>Numerically stable softmax: <c>exp(x - max) / sum(exp(x - max))</c>.</summary>
/// <remarks>
/// Subtracting the row maximum keeps every exponent at or below zero, so large logits do not overflow. The sum is
/// accumulated in double precision. A row holding NaN or +Infinity, or only -Infinity, yields NaN. Thread-safe (stateless).
/// </remarks>
internal static class Softmax
{
    /// <summary>Writes the softmax of one row of <paramref name="logits"/> into <paramref name="destination"/>.</summary>
    /// <remarks><paramref name="destination"/> may be the same memory as <paramref name="logits"/> (in place).</remarks>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="logits"/>.</exception>
    public static void Apply(ReadOnlySpan<float> logits, Span<float> destination)
    {
        if (destination.Length < logits.Length)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} elements but the row has {logits.Length}.", nameof(destination));
        }

        if (logits.IsEmpty)
        {
            return;
        }

        var max = float.NegativeInfinity;
        var sawNaN = false;
        foreach (var value in logits)
        {
            sawNaN |= float.IsNaN(value);
            if (value > max)
            {
                max = value;
            }
        }

        if (sawNaN || !float.IsFinite(max))
        {
            destination[..logits.Length].Fill(float.NaN);
            return;
        }

        double sum = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = MathF.Exp(logits[i] - max);
            destination[i] = e;
            sum += e;
        }

        // sum >= 1 because the maximum contributes exp(0); multiplying by the reciprocal is safe.
        var scale = 1.0 / sum;
        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] = (float)(destination[i] * scale);
        }
    }

    /// <summary>Softmax over the last axis of a float tensor of rank 1 or more; returns a new tensor of the same shape.</summary>
    /// <exception cref="ArgumentException">The tensor is not float or is a scalar.</exception>
    public static TensorData ApplyLastAxis(TensorData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.DataType != TensorDataType.Float)
        {
            throw new ArgumentException($"Softmax needs a float tensor, got {input.DataType}.", nameof(input));
        }

        var shape = TensorShapes.CopyOf(input.Shape);
        var classes = TensorShapes.LastAxis(shape, nameof(input));
        var source = input.As<float>();
        var result = new float[source.Length];
        if (classes > 0)
        {
            for (var offset = 0; offset < source.Length; offset += classes)
            {
                Apply(source.AsSpan(offset, classes), result.AsSpan(offset, classes));
            }
        }

        return TensorData.FromFloats(result, shape);
    }
}
