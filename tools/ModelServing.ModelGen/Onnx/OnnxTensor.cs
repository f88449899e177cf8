using System.Runtime.InteropServices;
using Google.Protobuf;

namespace ModelServing.ModelGen.Onnx;

/// <summary>A constant tensor stored in the model as an initializer (<c>TensorProto</c> with <c>raw_data</c>, or external data).</summary>
/// <param name="Name">The name nodes use to refer to it.</param>
/// <param name="DataType">Element type.</param>
/// <param name="Dims">Dimensions; empty for a scalar.</param>
/// <param name="RawData">The elements, little-endian, row-major.</param>
public sealed record OnnxTensor(string Name, OnnxDataType DataType, IReadOnlyList<long> Dims, ReadOnlyMemory<byte> RawData)
{
    /// <summary>
    /// When set, the elements are not in the model: the tensor is marked <c>data_location = EXTERNAL</c> and its
    /// <c>external_data</c> says they are the first <see cref="RawData"/>.Length bytes of this file, a path relative to the
    /// model file's directory (written as given, whatever it is, so tests can build hostile models too).
    /// </summary>
    public string? ExternalLocation { get; init; }

    /// <summary>With <see cref="ExternalLocation"/>: the external data's length in bytes when it is not <see cref="RawData"/>
    /// (a large file written separately, in pieces); null means <see cref="RawData"/>.Length.</summary>
    public long? ExternalLength { get; init; }

    /// <summary>A float scalar.</summary>
    public static OnnxTensor Scalar(string name, float value) => Floats(name, [], value);

    /// <summary>A float tensor.</summary>
    public static OnnxTensor Floats(string name, long[] dims, params float[] values) =>
        new(name, OnnxDataType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensor Int64s(string name, long[] dims, params long[] values) =>
        new(name, OnnxDataType.Int64, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9, external_data = 13 (StringStringEntryProto: key = 1,
    // value = 2), data_location = 14 (EXTERNAL = 1). The raw bytes are little-endian, as is every platform .NET runs on here.
    internal void WriteTo(CodedOutputStream output)
    {
        foreach (var dim in Dims)
        {
            ProtoWriter.WriteInt64(output, 1, dim);
        }

        ProtoWriter.WriteInt32(output, 2, (int)DataType);
        ProtoWriter.WriteString(output, 8, Name);
        if (ExternalLocation is null)
        {
            ProtoWriter.WriteBytes(output, 9, RawData.Span);
            return;
        }

        WriteEntry(output, "location", ExternalLocation);
        WriteEntry(output, "offset", "0");
        WriteEntry(output, "length", (ExternalLength ?? RawData.Length).ToString(System.Globalization.CultureInfo.InvariantCulture));
        ProtoWriter.WriteInt32(output, 14, 1);
    }

    private static void WriteEntry(CodedOutputStream output, string key, string value) =>
        ProtoWriter.WriteMessage(output, 13, entry =>
        {
            ProtoWriter.WriteString(entry, 1, key);
            ProtoWriter.WriteString(entry, 2, value);
        });
}
