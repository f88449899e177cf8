using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>Writes protobuf fields with <see cref="CodedOutputStream"/>, including nested messages.</summary>
internal static class ProtoWriter
{
    /// <summary>Writes a nested message: its body is serialized first because the wire format needs its length up front.</summary>
    public static void WriteMessage(CodedOutputStream output, int fieldNumber, Action<CodedOutputStream> writeBody)
    {
        using var buffer = new MemoryStream();
        using (var nested = new CodedOutputStream(buffer, leaveOpen: true))
        {
            writeBody(nested);
        }

        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    public static void WriteString(CodedOutputStream output, int fieldNumber, string value)
    {
        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    public static void WriteBytes(CodedOutputStream output, int fieldNumber, ReadOnlySpan<byte> value)
    {
        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
    }

    public static void WriteInt64(CodedOutputStream output, int fieldNumber, long value)
    {
        output.WriteTag(fieldNumber, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    public static void WriteInt32(CodedOutputStream output, int fieldNumber, int value)
    {
        output.WriteTag(fieldNumber, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }

    public static void WriteFloat(CodedOutputStream output, int fieldNumber, float value)
    {
        output.WriteTag(fieldNumber, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    }
}
