using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

/// <summary>One public input of a composed model: a value of <paramref name="DataType"/> and <paramref name="Shape"/> per instance.</summary>
/// <param name="Name">The name clients use.</param>
/// <param name="DataType">Its element type (<c>string</c> carries image bytes, sent as <c>{"b64": ...}</c>).</param>
/// <param name="Shape">The shape of one instance's value, without the batch dimension (empty: one scalar value).</param>
public sealed record GraphInputConfig(string Name, TensorDataType DataType, IReadOnlyList<long> Shape)
{
    /// <summary>The public input's spec: the batch dimension, then <see cref="Shape"/>.</summary>
    public TensorSpec Spec => new(Name, DataType, [-1, .. Shape]);
}
