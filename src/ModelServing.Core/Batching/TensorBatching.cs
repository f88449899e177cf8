using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

/// <summary>Joins tensors along dimension 0 and cuts them apart again: the tensor arithmetic of batching.</summary>
/// <remarks>
/// Stateless and thread-safe. Results own new arrays, except where a method is documented to return its input unchanged;
/// string and JSON elements are references and are shared with the inputs, not cloned. Inputs are never modified.
/// </remarks>
internal static partial class TensorBatching
{
    /// <summary>Joins tensors of one element type and equal non-batch dimensions along dimension 0.</summary>
    /// <returns>A new tensor whose dimension 0 is the sum of the parts'; the part itself when there is only one.</returns>
    /// <exception cref="ArgumentException">No parts, a scalar, or parts that differ in element type, rank or a non-batch dimension.</exception>
    public static TensorData Concatenate(IReadOnlyList<TensorData> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1)
        {
            RowsOf(parts[0], nameof(parts));
            return parts[0];
        }

        return ConcatenateRows(WholeTensors(parts), pad: false);
    }

    /// <summary>Rows <c>[start, start + count)</c> of <paramref name="tensor"/> along dimension 0.</summary>
    /// <returns>A new tensor; <paramref name="tensor"/> itself when the range covers all of it.</returns>
    /// <exception cref="ArgumentException">The tensor is a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the tensor.</exception>
    public static TensorData Slice(TensorData tensor, long start, long count)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var rows = RowsOf(tensor, nameof(tensor));
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, rows - start);
        if (start == 0 && count == rows)
        {
            return tensor;
        }

        var rowSize = RowSize(tensor.Shape);
        var data = Allocate(tensor.Data, count * rowSize, zeroed: false);
        Array.Copy(tensor.Data, start * rowSize, data, 0, count * rowSize);
        var shape = new long[tensor.Shape.Count];
        shape[0] = count;
        for (var d = 1; d < shape.Length; d++)
        {
            shape[d] = tensor.Shape[d];
        }

        return TensorData.Create(tensor.DataType, data, shape);
    }

    /// <summary>
    /// Joins tensors of one element type and rank along dimension 0, padding every non-batch dimension to the largest in
    /// the parts (numbers with 0, booleans with false, strings with empty strings, JSON with null).
    /// </summary>
    /// <param name="parts">The tensors to join.</param>
    /// <param name="originalShapes">Each part's shape before padding, in order.</param>
    /// <returns>A new tensor (or the part itself when there is only one).</returns>
    /// <exception cref="ArgumentException">No parts, a scalar, or parts that differ in element type or rank.</exception>
    public static TensorData PadAndConcatenate(IReadOnlyList<TensorData> parts, out long[][] originalShapes)
    {
        ArgumentNullException.ThrowIfNull(parts);
        originalShapes = new long[parts.Count][];
        for (var i = 0; i < parts.Count; i++)
        {
            originalShapes[i] = [.. parts[i].Shape];
        }

        if (parts.Count == 1)
        {
            RowsOf(parts[0], nameof(parts));
            return parts[0];
        }

        return ConcatenateRows(WholeTensors(parts), pad: true);
    }

    /// <summary>Joins row ranges along dimension 0, padding non-batch dimensions when <paramref name="pad"/> allows it.</summary>
    /// <param name="parts">The row ranges, in order.</param>
    /// <param name="pad">Whether non-batch dimensions may differ (padded to the largest).</param>
    /// <param name="pooled">Take the result's array from <see cref="TensorArrayPool"/>; the caller returns it when the run is over.</param>
    internal static TensorData ConcatenateRows(ReadOnlySpan<RowRange> parts, bool pad, bool pooled = false)
    {
        if (parts.IsEmpty)
        {
            throw new ArgumentException("At least one tensor is needed.", nameof(parts));
        }

        var first = parts[0].Tensor;
        RowsOf(first, nameof(parts));
        var shape = new long[first.Shape.Count];
        var padded = false;
        foreach (var part in parts)
        {
            var tensor = part.Tensor;
            if (tensor.DataType != first.DataType || tensor.Shape.Count != shape.Length)
            {
                throw new ArgumentException($"Cannot join {tensor} with {first}: element types and ranks must be equal.", nameof(parts));
            }

            for (var d = 1; d < shape.Length; d++)
            {
                var dim = tensor.Shape[d];
                if (dim != first.Shape[d])
                {
                    padded = pad ? true : throw new ArgumentException($"Cannot join {tensor} with {first}: dimension {d} differs.", nameof(parts));
                }

                shape[d] = Math.Max(shape[d], dim);
            }

            shape[0] = checked(shape[0] + part.Count);
        }

        var data = pooled
            ? Rent(first.DataType, TensorData.ElementCountOf(shape), zeroed: padded)
            : Allocate(first.Data, TensorData.ElementCountOf(shape), zeroed: padded);
        if (padded)
        {
            CopyPadded(parts, data, shape);
        }
        else
        {
            long offset = 0;
            foreach (var part in parts)
            {
                var rowSize = RowSize(part.Tensor.Shape);
                Array.Copy(part.Tensor.Data, part.Start * rowSize, data, offset, part.Count * rowSize);
                offset += part.Count * rowSize;
            }
        }

        return TensorData.Create(first.DataType, data, shape);
    }

    /// <summary>Number of elements in one row: the product of the dimensions after the first.</summary>
    internal static long RowSize(IReadOnlyList<long> shape)
    {
        long size = 1;
        for (var d = 1; d < shape.Count; d++)
        {
            size = checked(size * shape[d]);
        }

        return size;
    }

    private static long RowsOf(TensorData tensor, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensor, paramName);
        return tensor.Shape.Count > 0
            ? tensor.Shape[0]
            : throw new ArgumentException($"A scalar {tensor.DataType} tensor has no batch dimension.", paramName);
    }

    private static RowRange[] WholeTensors(IReadOnlyList<TensorData> parts)
    {
        var ranges = new RowRange[parts.Count];
        for (var i = 0; i < ranges.Length; i++)
        {
            ranges[i] = new RowRange(parts[i], 0, RowsOf(parts[i], nameof(parts)));
        }

        return ranges;
    }
}
