namespace ModelServing.Onnx.Signatures;

/// <summary>Reads the declared types of a model file's graph inputs and outputs to explain why it cannot be served.</summary>
/// <remarks>
/// ONNX Runtime's C# API refuses to open a session whose inputs or outputs have an element type it has no CLR type for
/// (complex, float8, int4 ...) without saying which one; this reads the ONNX protobuf itself to name it. Used on the load
/// failure path only.
/// </remarks>
internal static class OnnxDeclarationInspector
{
    // TensorProto.DataType names, indexed by value.
    private static readonly string[] _elementTypeNames =
    [
        "undefined", "float", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool", "float16", "double",
        "uint32", "uint64", "complex64", "complex128", "bfloat16", "float8e4m3fn", "float8e4m3fnuz", "float8e5m2",
        "float8e5m2fnuz", "uint4", "int4", "float4e2m1", "float8e8m0", "uint2", "int2",
    ];

    /// <summary>Describes the first graph input or output that is not a tensor of a servable type, or returns null.</summary>
    /// <returns>Text such as <c>input 'z' has element type complex64</c>, or null when none is found or the file is unreadable.</returns>
    public static string? DescribeUnservableValue(string modelPath)
    {
        try
        {
            if (new FileInfo(modelPath).Length > int.MaxValue)
            {
                return null;
            }

            return FindInGraph(FindField(File.ReadAllBytes(modelPath), field: 7));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    private static string? FindInGraph(ReadOnlySpan<byte> graph)
    {
        // GraphProto: input = 11, output = 12 (ValueInfoProto: name = 1, type = 2).
        var reader = new ProtoReader(graph);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field is 11 or 12 && wireType == 2)
            {
                var valueInfo = reader.ReadLengthDelimited();
                var problem = DescribeType(FindField(valueInfo, field: 2));
                if (problem is not null)
                {
                    var name = System.Text.Encoding.UTF8.GetString(FindField(valueInfo, field: 1));
                    return $"{(field == 11 ? "input" : "output")} '{name}' {problem}";
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return null;
    }

    /// <summary>What is wrong with a <c>TypeProto</c>, or null when it is a tensor of a servable element type.</summary>
    private static string? DescribeType(ReadOnlySpan<byte> type)
    {
        // TypeProto: tensor_type = 1, sequence_type = 4, map_type = 5, sparse_tensor_type = 8, optional_type = 9.
        var reader = new ProtoReader(type);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1 when wireType == 2:
                    var elementType = (int)ReadVarintField(reader.ReadLengthDelimited(), field: 1);
                    return IsServable(elementType) ? null : $"has element type {ElementTypeName(elementType)}";
                case 4:
                    return "is a sequence";
                case 5:
                    return "is a map";
                case 8:
                    return "is a sparse tensor";
                case 9:
                    return "is an optional value";
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return null;
    }

    private static bool IsServable(int elementType) => elementType is (>= 1 and <= 13) or 16;

    private static string ElementTypeName(int elementType) =>
        elementType >= 0 && elementType < _elementTypeNames.Length ? _elementTypeNames[elementType] : $"#{elementType}";

    /// <summary>The payload of the last length-delimited field numbered <paramref name="field"/> (empty when absent).</summary>
    private static ReadOnlySpan<byte> FindField(ReadOnlySpan<byte> message, int field)
    {
        var found = ReadOnlySpan<byte>.Empty;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var number, out var wireType))
        {
            if (number == field && wireType == 2)
            {
                found = reader.ReadLengthDelimited();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return found;
    }

    private static ulong ReadVarintField(ReadOnlySpan<byte> message, int field)
    {
        ulong value = 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var number, out var wireType))
        {
            if (number == field && wireType == 0)
            {
                value = reader.ReadVarint();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return value;
    }
}
