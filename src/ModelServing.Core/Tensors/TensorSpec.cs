namespace ModelServing.Core.Tensors;

/// <summary>A named input or output of a model: element type and shape, where -1 marks a dynamic dimension.</summary>
/// <param name="Name">Tensor name as the model declares it.</param>
/// <param name="DataType">Element type.</param>
/// <param name="Shape">Dimensions; -1 for a dynamic one. Empty for a scalar.</param>
/// <param name="DimensionNames">Symbolic names of dynamic dimensions (empty string where none), same length as <paramref name="Shape"/>.</param>
public sealed record TensorSpec(string Name, TensorDataType DataType, IReadOnlyList<long> Shape, IReadOnlyList<string> DimensionNames)
{
    /// <summary>Creates a spec without dimension names.</summary>
    public TensorSpec(string name, TensorDataType dataType, params long[] shape)
        : this(name, dataType, shape, [.. shape.Select(_ => string.Empty)])
    {
    }

    /// <summary>True when the leading dimension is dynamic, which makes it the batch dimension.</summary>
    public bool HasBatchDimension => Shape.Count > 0 && Shape[0] < 0;
}
