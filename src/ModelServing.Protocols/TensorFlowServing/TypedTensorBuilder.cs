using System.Buffers;
using System.Runtime.CompilerServices;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>A <see cref="TensorBuilder"/> whose elements go into a pooled <typeparamref name="T"/>[] that grows with the content.</summary>
/// <typeparam name="T">The CLR element type of the input's <see cref="TensorDataType"/>.</typeparam>
internal abstract class TypedTensorBuilder<T> : TensorBuilder
{
    private const int InitialCapacity = 16;

    private T[] _items = [];
    private int _count;

    protected TypedTensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    /// <inheritdoc />
    public sealed override int Count => _count;

    /// <inheritdoc />
    public sealed override TensorData Build(long[] shape)
    {
        var data = _items.AsSpan(0, _count).ToArray();
        return TensorData.Create(Spec.DataType, data, shape);
    }

    /// <inheritdoc />
    public sealed override void Release()
    {
        if (_items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _items = [];
        }

        _count = 0;
    }

    /// <summary>Appends one element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void Add(T value)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[_count++] = value;
    }

    private void Grow()
    {
        // Capacity follows the elements actually read, never a length announced by the input.
        var next = ArrayPool<T>.Shared.Rent(Math.Max(InitialCapacity, _items.Length * 2));
        _items.AsSpan(0, _count).CopyTo(next);
        if (_items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }

        _items = next;
    }
}
