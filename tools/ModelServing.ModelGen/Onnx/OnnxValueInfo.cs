using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>A named, typed graph input or output (<c>ValueInfoProto</c>).</summary>
/// <param name="Name">Value name.</param>
/// <param name="Type">Its type.</param>
public sealed record OnnxValueInfo(string Name, OnnxType Type)
{
    /// <summary>A tensor value.</summary>
    public static OnnxValueInfo Tensor(string name, OnnxDataType elementType, params OnnxDimension[] shape) =>
        new(name, OnnxType.Tensor(elementType, shape));

    // ValueInfoProto: name = 1, type = 2.
    internal void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.WriteString(output, 1, Name);
        ProtoWriter.WriteMessage(output, 2, Type.WriteTo);
    }
}
