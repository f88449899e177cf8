using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>A computation graph (<c>GraphProto</c>): nodes in topological order, constants, inputs and outputs.</summary>
/// <param name="Name">Graph name.</param>
/// <param name="Nodes">Nodes, each after the nodes producing its inputs.</param>
/// <param name="Initializers">Constant tensors.</param>
/// <param name="Inputs">Graph inputs (not listing the initializers).</param>
/// <param name="Outputs">Graph outputs.</param>
public sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs)
{
    // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
    internal void WriteTo(CodedOutputStream output)
    {
        foreach (var node in Nodes)
        {
            ProtoWriter.WriteMessage(output, 1, node.WriteTo);
        }

        ProtoWriter.WriteString(output, 2, Name);
        foreach (var initializer in Initializers)
        {
            ProtoWriter.WriteMessage(output, 5, initializer.WriteTo);
        }

        foreach (var input in Inputs)
        {
            ProtoWriter.WriteMessage(output, 11, input.WriteTo);
        }

        foreach (var value in Outputs)
        {
            ProtoWriter.WriteMessage(output, 12, value.WriteTo);
        }
    }
}
