using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

/// <summary>What a graph value is, known when the graph is built: checked against what each step expects.</summary>
/// <param name="Tensor">Its element type and shape (batch dimension first), or null for decoded images.</param>
/// <param name="FanOut">The fan-out step whose items it has one row per, or null for one row per instance.</param>
public sealed record GraphValueSpec(TensorSpec? Tensor, string? FanOut)
{
    /// <summary>True for decoded images.</summary>
    public bool IsImage => Tensor is null;

    /// <summary>How errors describe it (<c>DT_STRING [-1] per instance</c>, <c>images per item of 'crops'</c>).</summary>
    public string Describe()
    {
        var what = Tensor is null ? "images" : $"{TensorDataTypes.TensorFlowName(Tensor.DataType)} {InputValidator.FormatShape(Tensor.Shape)}";
        return FanOut is null ? $"{what} per instance" : $"{what} per item of '{FanOut}'";
    }
}
