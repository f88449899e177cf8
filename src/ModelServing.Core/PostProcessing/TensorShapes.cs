namespace ModelServing.Core.PostProcessing;

/// <summary>Shape helpers shared by the last-axis operations.</summary>
internal static class TensorShapes
{
    /// <summary>Copies a tensor shape into an array.</summary>
    public static long[] CopyOf(IReadOnlyList<long> shape)
    {
        var copy = new long[shape.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = shape[i];
        }

        return copy;
    }

    /// <summary>The size of the last axis, checked to exist and to fit an <see cref="int"/>.</summary>
    /// <exception cref="ArgumentException">The shape is a scalar or the last axis is too large.</exception>
    public static int LastAxis(long[] shape, string parameterName)
    {
        if (shape.Length == 0)
        {
            throw new ArgumentException("The tensor needs at least one axis; a scalar has no last axis.", parameterName);
        }

        var last = shape[^1];
        if (last > Array.MaxLength)
        {
            throw new ArgumentException($"The last axis ({last}) is too large.", parameterName);
        }

        return (int)last;
    }

    /// <summary>The shape without its last axis.</summary>
    public static long[] WithoutLastAxis(long[] shape) => shape[..^1];
}
