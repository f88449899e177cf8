using System.Runtime.InteropServices;
using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>A constant tensor stored in the model as an initializer (<c>TensorProto</c> with <c>raw_data</c>).</summary>
/// <param name="Name">The name nodes use to refer to it.</param>
/// <param name="DataType">Element type.</param>
/// <param name="Dims">Dimensions; empty for a scalar.</param>
/// <param name="RawData">The elements, little-endian, row-major.</param>
public sealed record OnnxTensor(string Name, OnnxDataType DataType, IReadOnlyList<long> Dims, ReadOnlyMemory<byte> RawData)
{
    /// <summary>A float scalar.</summary>
    public static OnnxTensor Scalar(string name, float value) => Floats(name, [], value);

    /// <summary>A float tensor.</summary>
    public static OnnxTensor Floats(string name, long[] dims, params float[] values) =>
        new(name, OnnxDataType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensor Int64s(string name, long[] dims, params long[] values) =>
        new(name, OnnxDataType.Int64, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9. The raw bytes are little-endian, as is every
    // platform .NET runs on here.
    internal void WriteTo(CodedOutputStream output)
    {
        foreach (var dim in Dims)
        {
            ProtoWriter.WriteInt64(output, 1, dim);
        }

        ProtoWriter.WriteInt32(output, 2, (int)DataType);
        ProtoWriter.WriteString(output, 8, Name);
        ProtoWriter.WriteBytes(output, 9, RawData.Span);
    }
}
