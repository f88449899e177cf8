using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Tensors;

public sealed class TensorArrayPoolTests
{
    [Fact]
    public void Rent_AfterReturn_GivesTheSameExactLengthArray()
    {
        // A length no other test uses: the pool is shared by the whole process.
        const int length = 40_961;
        var first = TensorArrayPool.Rent(TensorDataType.Float, length);
        TensorArrayPool.Return(TensorDataType.Float, first);

        var second = TensorArrayPool.Rent(TensorDataType.Float, length);
        var other = TensorArrayPool.Rent(TensorDataType.Float, length);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(length, second.Length);
        Assert.IsType<float[]>(second);
    }

    [Fact]
    public void Return_SmallArray_IsNotKept()
    {
        const int length = 1021; // 4 KB of floats, under MinPooledBytes
        var small = TensorArrayPool.Rent(TensorDataType.Float, length);
        TensorArrayPool.Return(TensorDataType.Float, small);

        Assert.NotSame(small, TensorArrayPool.Rent(TensorDataType.Float, length));
    }

    [Fact]
    public void Return_MoreThanTheSlotsOfALength_KeepsOnlyTheSlots()
    {
        const int length = 40_963;
        var arrays = Enumerable.Range(0, TensorArrayPool.SlotsPerLength + 3).Select(_ => TensorArrayPool.Rent(TensorDataType.UInt8, length)).ToList();
        foreach (var array in arrays)
        {
            TensorArrayPool.Return(TensorDataType.UInt8, array);
        }

        var rented = Enumerable.Range(0, TensorArrayPool.SlotsPerLength + 3).Select(_ => TensorArrayPool.Rent(TensorDataType.UInt8, length)).ToList();

        Assert.Equal(TensorArrayPool.SlotsPerLength, rented.Count(r => arrays.Any(a => ReferenceEquals(a, r))));
    }

    [Fact]
    public void Return_ArrayOfAnotherElementType_IsNotKept()
    {
        const int length = 40_967;
        TensorArrayPool.Return(TensorDataType.Float, new int[length]);

        Assert.IsType<float[]>(TensorArrayPool.Rent(TensorDataType.Float, length));
    }
}
