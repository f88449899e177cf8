namespace ModelServing.Core.Tensors;

/// <summary>A dense tensor in row-major order: element type, shape and a typed array of its elements.</summary>
/// <remarks>
/// The element array's CLR type is <see cref="TensorDataTypes.ClrType"/> of <see cref="DataType"/>; strings are raw bytes
/// (<c>byte[][]</c>). Instances are not copied when passed along the data plane: whoever creates one hands it over and must
/// not mutate the array afterwards.
/// </remarks>
public sealed class TensorData
{
    private TensorData(TensorDataType dataType, long[] shape, Array data)
    {
        DataType = dataType;
        Shape = shape;
        Data = data;
    }

    /// <summary>Element type.</summary>
    public TensorDataType DataType { get; }

    /// <summary>Dimensions (all known, non-negative). Empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The elements, row-major, in an array of the element type's CLR type.</summary>
    public Array Data { get; }

    /// <summary>Number of elements (product of the dimensions; 1 for a scalar).</summary>
    public long ElementCount => Data.LongLength;

    /// <summary>Creates a tensor over <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The element count does not match the shape, or the array type does not match.</exception>
    public static TensorData Create(TensorDataType dataType, Array data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (data.GetType().GetElementType() != TensorDataTypes.ClrType(dataType))
        {
            throw new ArgumentException($"A {dataType} tensor needs a {TensorDataTypes.ClrType(dataType).Name}[] array.", nameof(data));
        }

        var count = ElementCountOf(shape);
        if (count != data.LongLength)
        {
            throw new ArgumentException($"Shape [{string.Join(',', shape)}] holds {count} elements but {data.LongLength} were given.", nameof(data));
        }

        return new TensorData(dataType, (long[])shape.Clone(), data);
    }

    /// <summary>Creates a float tensor.</summary>
    public static TensorData FromFloats(float[] data, params long[] shape) => Create(TensorDataType.Float, data, shape);

    /// <summary>Creates a string tensor from raw byte strings.</summary>
    public static TensorData FromBytes(byte[][] data, params long[] shape) => Create(TensorDataType.String, data, shape);

    /// <summary>The element array typed as <typeparamref name="T"/>[].</summary>
    /// <exception cref="InvalidCastException">The element type is not <typeparamref name="T"/>.</exception>
    public T[] As<T>() => (T[])Data;

    /// <summary>Product of <paramref name="shape"/>; throws for negative dimensions or overflow.</summary>
    public static long ElementCountOf(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count = checked(count * dim);
        }

        return count;
    }

    /// <inheritdoc />
    public override string ToString() => $"{DataType}[{string.Join(',', Shape)}]";
}
