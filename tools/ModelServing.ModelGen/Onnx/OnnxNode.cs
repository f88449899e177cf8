using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>One operator application in a graph (<c>NodeProto</c>), in the default ONNX domain.</summary>
/// <param name="OpType">Operator name (<c>Add</c>, <c>Identity</c>).</param>
/// <param name="Inputs">Names of the values it reads.</param>
/// <param name="Outputs">Names of the values it produces.</param>
/// <param name="Attributes">Its attributes.</param>
public sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes)
{
    /// <summary>A node without attributes.</summary>
    public OnnxNode(string opType, string[] inputs, string[] outputs)
        : this(opType, inputs, outputs, [])
    {
    }

    // NodeProto: input = 1, output = 2, op_type = 4, attribute = 5.
    internal void WriteTo(CodedOutputStream output)
    {
        foreach (var input in Inputs)
        {
            ProtoWriter.WriteString(output, 1, input);
        }

        foreach (var name in Outputs)
        {
            ProtoWriter.WriteString(output, 2, name);
        }

        ProtoWriter.WriteString(output, 4, OpType);
        foreach (var attribute in Attributes)
        {
            ProtoWriter.WriteMessage(output, 5, attribute.WriteTo);
        }
    }
}
