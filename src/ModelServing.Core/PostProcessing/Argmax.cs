using System.Numerics;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.PostProcessing;

/// <summary>Index of the largest element along the last axis.</summary>
/// <remarks>
/// Ties resolve to the lowest index and NaN counts as the largest value (the first NaN wins), as numpy's argmax does.
/// Thread-safe (stateless).
/// </remarks>
internal static class Argmax
{
    /// <summary>Returns an int64 tensor of the input's shape without its last axis, holding the argmax of each row.</summary>
    /// <exception cref="ArgumentException">
    /// The tensor is a scalar, its last axis is empty while other axes are not, or its type is not numeric.
    /// </exception>
    public static TensorData LastAxis(TensorData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = TensorShapes.CopyOf(input.Shape);
        var classes = TensorShapes.LastAxis(shape, nameof(input));
        var outputShape = TensorShapes.WithoutLastAxis(shape);
        var rows = TensorData.ElementCountOf(outputShape);
        if (classes == 0 && rows > 0)
        {
            throw new ArgumentException("Argmax needs a non-empty last axis.", nameof(input));
        }

        var result = new long[rows];
        switch (input.DataType)
        {
            case TensorDataType.Float: Rows(input.As<float>(), classes, result); break;
            case TensorDataType.Double: Rows(input.As<double>(), classes, result); break;
            case TensorDataType.Float16: Rows(input.As<Half>(), classes, result); break;
            case TensorDataType.BFloat16: BFloat16Rows(input.As<ushort>(), classes, result); break;
            case TensorDataType.Int8: Rows(input.As<sbyte>(), classes, result); break;
            case TensorDataType.Int16: Rows(input.As<short>(), classes, result); break;
            case TensorDataType.Int32: Rows(input.As<int>(), classes, result); break;
            case TensorDataType.Int64: Rows(input.As<long>(), classes, result); break;
            case TensorDataType.UInt8: Rows(input.As<byte>(), classes, result); break;
            case TensorDataType.UInt16: Rows(input.As<ushort>(), classes, result); break;
            case TensorDataType.UInt32: Rows(input.As<uint>(), classes, result); break;
            case TensorDataType.UInt64: Rows(input.As<ulong>(), classes, result); break;
            default:
                throw new ArgumentException($"Argmax needs a numeric tensor, got {input.DataType}.", nameof(input));
        }

        return TensorData.Create(TensorDataType.Int64, result, outputShape);
    }

    /// <summary>Index of the largest element of one row (lowest index on ties, first NaN wins).</summary>
    /// <exception cref="ArgumentException">The row is empty.</exception>
    public static int Row<T>(ReadOnlySpan<T> row)
        where T : INumber<T>
    {
        if (row.IsEmpty)
        {
            throw new ArgumentException("Argmax needs a non-empty row.", nameof(row));
        }

        var best = 0;
        var bestValue = row[0];
        if (T.IsNaN(bestValue))
        {
            return 0;
        }

        for (var i = 1; i < row.Length; i++)
        {
            var value = row[i];
            if (T.IsNaN(value))
            {
                return i;
            }

            if (value > bestValue)
            {
                best = i;
                bestValue = value;
            }
        }

        return best;
    }

    private static void Rows<T>(T[] data, int classes, long[] result)
        where T : INumber<T>
    {
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = Row(new ReadOnlySpan<T>(data, r * classes, classes));
        }
    }

    private static void BFloat16Rows(ushort[] bits, int classes, long[] result)
    {
        // bfloat16 is the upper half of a float32, so widening is exact and preserves order and NaN.
        var row = new float[classes];
        for (var r = 0; r < result.Length; r++)
        {
            var offset = r * classes;
            for (var c = 0; c < classes; c++)
            {
                row[c] = BitConverter.Int32BitsToSingle(bits[offset + c] << 16);
            }

            result[r] = Row<float>(row);
        }
    }
}
