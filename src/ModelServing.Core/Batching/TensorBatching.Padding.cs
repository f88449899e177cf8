using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

internal static partial class TensorBatching
{
    /// <summary>Copies each part's rows into <paramref name="destination"/>, whose non-batch dimensions may be larger.</summary>
    private static void CopyPadded(ReadOnlySpan<RowRange> parts, Array destination, long[] shape)
    {
        if (destination is byte[][] strings)
        {
            // A null element is not a valid string; padding is the empty string.
            Array.Fill(strings, []);
        }

        var rank = shape.Length;
        Span<long> destinationStrides = stackalloc long[rank];
        destinationStrides[rank - 1] = 1;
        for (var d = rank - 2; d >= 0; d--)
        {
            destinationStrides[d] = destinationStrides[d + 1] * shape[d + 1];
        }

        Span<long> index = stackalloc long[rank];
        long destinationRow = 0;
        foreach (var part in parts)
        {
            var source = part.Tensor;
            var rowSize = RowSize(source.Shape);
            var run = rank > 1 ? source.Shape[rank - 1] : 1;
            var runsPerRow = run == 0 ? 0 : rowSize / run;
            for (long row = 0; row < part.Count; row++, destinationRow++)
            {
                var sourceOffset = (part.Start + row) * rowSize;
                index.Clear();
                for (long r = 0; r < runsPerRow; r++)
                {
                    // The innermost dimension is contiguous in both tensors; the outer ones step by their own strides.
                    var destinationOffset = destinationRow * destinationStrides[0];
                    for (var d = 1; d < rank - 1; d++)
                    {
                        destinationOffset += index[d] * destinationStrides[d];
                    }

                    Array.Copy(source.Data, sourceOffset, destination, destinationOffset, run);
                    sourceOffset += run;
                    for (var d = rank - 2; d >= 1; d--)
                    {
                        if (++index[d] < source.Shape[d])
                        {
                            break;
                        }

                        index[d] = 0;
                    }
                }
            }
        }
    }

    /// <summary>A pooled array (cleared when <paramref name="zeroed"/>) for a batch input.</summary>
    private static Array Rent(TensorDataType dataType, long length, bool zeroed)
    {
        var array = TensorArrayPool.Shared.Rent(dataType, length);
        if (zeroed)
        {
            Array.Clear(array);
        }

        return array;
    }

    /// <summary>A new array of the same element type as <paramref name="like"/>.</summary>
    private static Array Allocate(Array like, long length, bool zeroed)
    {
        var size = checked((int)length);
        if (!zeroed && like is float[])
        {
            // The hot type (images, embeddings): every element is overwritten, so skip clearing.
            return GC.AllocateUninitializedArray<float>(size);
        }

        return Array.CreateInstanceFromArrayType(like.GetType(), size);
    }
}
