using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Tensors;

public sealed class TensorArrayPoolTests
{
    private const int Floats = 40_960; // 160 KB of floats, over MinPooledBytes

    [Fact]
    public void Rent_AfterReturn_GivesTheSameExactLengthArray()
    {
        var pool = new TensorArrayPool(TensorArrayPool.MaxRetainedBytes);
        var first = pool.Rent(TensorDataType.Float, Floats);
        pool.Return(TensorDataType.Float, first);

        var second = pool.Rent(TensorDataType.Float, Floats);
        var other = pool.Rent(TensorDataType.Float, Floats);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(Floats, second.Length);
        Assert.IsType<float[]>(second);
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Shared_KeepsArraysAcrossCallers()
    {
        // A length no other test uses: the shared pool belongs to the whole process.
        const int length = 40_961;
        var first = TensorArrayPool.Shared.Rent(TensorDataType.Float, length);
        TensorArrayPool.Shared.Return(TensorDataType.Float, first);

        Assert.Same(first, TensorArrayPool.Shared.Rent(TensorDataType.Float, length));
    }

    [Fact]
    public void Return_SmallArray_IsNotKept()
    {
        var pool = new TensorArrayPool(TensorArrayPool.MaxRetainedBytes);
        const int length = 1021; // 4 KB of floats, under MinPooledBytes
        var small = pool.Rent(TensorDataType.Float, length);
        pool.Return(TensorDataType.Float, small);

        Assert.NotSame(small, pool.Rent(TensorDataType.Float, length));
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Return_MoreThanTheSlotsOfALength_KeepsOnlyTheSlots()
    {
        var pool = new TensorArrayPool(TensorArrayPool.MaxRetainedBytes);
        var arrays = Enumerable.Range(0, TensorArrayPool.SlotsPerLength + 3).Select(_ => pool.Rent(TensorDataType.UInt8, Floats)).ToList();
        foreach (var array in arrays)
        {
            pool.Return(TensorDataType.UInt8, array);
        }

        Assert.Equal((long)TensorArrayPool.SlotsPerLength * Floats, pool.RetainedBytes);
        var rented = Enumerable.Range(0, TensorArrayPool.SlotsPerLength + 3).Select(_ => pool.Rent(TensorDataType.UInt8, Floats)).ToList();

        Assert.Equal(TensorArrayPool.SlotsPerLength, rented.Count(r => arrays.Any(a => ReferenceEquals(a, r))));
    }

    [Fact]
    public void Return_ArrayOfAnotherElementType_IsNotKept()
    {
        var pool = new TensorArrayPool(TensorArrayPool.MaxRetainedBytes);
        pool.Return(TensorDataType.Float, new int[Floats]);

        Assert.IsType<float[]>(pool.Rent(TensorDataType.Float, Floats));
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Return_BudgetFullOfALengthNoLongerRented_LetsThoseGoForTheLengthInUse()
    {
        // Room for four arrays: a past load (another batch size) filled it, the load now uses another length.
        var pool = new TensorArrayPool(4L * Floats * sizeof(float));
        var stale = RentAndReturn(pool, Floats, 4);
        RentAndReturn(pool, Floats, 4);
        Assert.Equal(4L * Floats * sizeof(float), pool.RetainedBytes);

        RentAndReturn(pool, Floats + 1, 2); // the first time: a one-off as far as the pool knows, not kept
        var current = RentAndReturn(pool, Floats + 1, 2); // asked for again: in use, kept in place of the stale length

        Assert.Equal(2L * (Floats + 1) * sizeof(float), pool.RetainedBytes);
        var first = pool.Rent(TensorDataType.Float, Floats + 1);
        var second = pool.Rent(TensorDataType.Float, Floats + 1);
        var old = pool.Rent(TensorDataType.Float, Floats);
        Assert.Contains(current, a => ReferenceEquals(a, first));
        Assert.Contains(current, a => ReferenceEquals(a, second));
        Assert.DoesNotContain(stale, a => ReferenceEquals(a, old));
    }

    [Fact]
    public void Return_LengthSeenOnce_DoesNotPushOutALengthInUse()
    {
        var pool = new TensorArrayPool(2L * Floats * sizeof(float));
        var inUse = RentAndReturn(pool, Floats, 2);
        RentAndReturn(pool, Floats, 2);

        pool.Return(TensorDataType.Float, new float[Floats + 7]); // a one-off image size

        Assert.Equal(2L * Floats * sizeof(float), pool.RetainedBytes);
        var first = pool.Rent(TensorDataType.Float, Floats);
        var second = pool.Rent(TensorDataType.Float, Floats);
        Assert.Contains(inUse, a => ReferenceEquals(a, first));
        Assert.Contains(inUse, a => ReferenceEquals(a, second));
    }

    [Fact]
    public void Return_ArrayLargerThanTheBudget_IsNotKept()
    {
        var pool = new TensorArrayPool(Floats * sizeof(float));
        pool.Return(TensorDataType.Float, new float[Floats * 2]);

        Assert.Equal(0, pool.RetainedBytes);
    }

    /// <summary>Rents <paramref name="count"/> arrays of one length at once, then returns them all.</summary>
    private static List<Array> RentAndReturn(TensorArrayPool pool, int length, int count)
    {
        var arrays = Enumerable.Range(0, count).Select(_ => pool.Rent(TensorDataType.Float, length)).ToList();
        foreach (var array in arrays)
        {
            pool.Return(TensorDataType.Float, array);
        }

        return arrays;
    }
}
