using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

/// <summary>One public input of a composed model: one value of <paramref name="DataType"/> per instance.</summary>
/// <param name="Name">The name clients use.</param>
/// <param name="DataType">Its element type (<c>string</c> carries image bytes, sent as <c>{"b64": ...}</c>).</param>
public sealed record GraphInputConfig(string Name, TensorDataType DataType);
