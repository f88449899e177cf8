using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>A node attribute holding one integer or one float (<c>AttributeProto</c>).</summary>
/// <param name="Name">Attribute name (<c>axis</c>, <c>to</c>).</param>
/// <param name="IntValue">The value of an INT attribute.</param>
/// <param name="FloatValue">The value of a FLOAT attribute.</param>
public sealed record OnnxAttribute(string Name, long? IntValue, float? FloatValue)
{
    // AttributeProto.AttributeType values.
    private const int FloatType = 1;
    private const int IntType = 2;

    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, value, null);

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, null, value);

    // AttributeProto: name = 1, f = 2, i = 3, type = 20.
    internal void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.WriteString(output, 1, Name);
        if (IntValue is { } i)
        {
            ProtoWriter.WriteInt64(output, 3, i);
            ProtoWriter.WriteInt32(output, 20, IntType);
        }
        else
        {
            ProtoWriter.WriteFloat(output, 2, FloatValue ?? 0f);
            ProtoWriter.WriteInt32(output, 20, FloatType);
        }
    }
}
