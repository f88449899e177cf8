using System.Text;
using ModelServing.Onnx.Signatures;

namespace ModelServing.Onnx.ExternalData;

/// <summary>Finds the tensors of an ONNX model that keep their data in external files, by reading its protobuf.</summary>
/// <remarks>
/// Looks where ONNX Runtime loads tensors from: graph initializers and sparse initializers, tensor-valued node attributes
/// (<c>Constant</c>), the subgraphs of control-flow nodes (<c>If</c>, <c>Loop</c>, <c>Scan</c>) and the nodes of model-local
/// functions. Raw tensor bytes are skipped, never copied. Malformed input raises <see cref="InvalidDataException"/>.
/// </remarks>
internal static class ExternalDataScanner
{
    private const int LengthDelimited = 2;
    private const int MaxDepth = 64;
    private const ulong ExternalDataLocation = 1;

    /// <summary>Every tensor marked <c>data_location = EXTERNAL</c> in a serialized <c>ModelProto</c>.</summary>
    public static List<ExternalTensor> Scan(ReadOnlySpan<byte> model)
    {
        var found = new List<ExternalTensor>();

        // ModelProto: graph = 7, functions = 25 (FunctionProto: node = 7).
        var reader = new ProtoReader(model);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 7 && wireType == LengthDelimited)
            {
                ScanGraph(reader.ReadLengthDelimited(), found, 0);
            }
            else if (field == 25 && wireType == LengthDelimited)
            {
                ScanFunction(reader.ReadLengthDelimited(), found);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return found;
    }

    private static void ScanGraph(ReadOnlySpan<byte> graph, List<ExternalTensor> found, int depth)
    {
        // GraphProto: node = 1, initializer = 5, sparse_initializer = 15.
        CheckDepth(depth);
        var reader = new ProtoReader(graph);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1 when wireType == LengthDelimited:
                    ScanNode(reader.ReadLengthDelimited(), found, depth + 1);
                    break;
                case 5 when wireType == LengthDelimited:
                    ScanTensor(reader.ReadLengthDelimited(), found);
                    break;
                case 15 when wireType == LengthDelimited:
                    ScanSparseTensor(reader.ReadLengthDelimited(), found);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
    }

    /// <summary>The nodes of a model-local function (<c>FunctionProto</c>: node = 7).</summary>
    private static void ScanFunction(ReadOnlySpan<byte> function, List<ExternalTensor> found)
    {
        var reader = new ProtoReader(function);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 7 && wireType == LengthDelimited)
            {
                ScanNode(reader.ReadLengthDelimited(), found, 1);
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static void ScanNode(ReadOnlySpan<byte> node, List<ExternalTensor> found, int depth)
    {
        // NodeProto: attribute = 5. AttributeProto: t = 5, g = 6, tensors = 10, graphs = 11, sparse_tensor = 22,
        // sparse_tensors = 23.
        CheckDepth(depth);
        var reader = new ProtoReader(node);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 5 || wireType != LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            var attribute = new ProtoReader(reader.ReadLengthDelimited());
            while (attribute.TryReadTag(out var attributeField, out var attributeWireType))
            {
                switch (attributeField)
                {
                    case 5 or 10 when attributeWireType == LengthDelimited:
                        ScanTensor(attribute.ReadLengthDelimited(), found);
                        break;
                    case 6 or 11 when attributeWireType == LengthDelimited:
                        ScanGraph(attribute.ReadLengthDelimited(), found, depth + 1);
                        break;
                    case 22 or 23 when attributeWireType == LengthDelimited:
                        ScanSparseTensor(attribute.ReadLengthDelimited(), found);
                        break;
                    default:
                        attribute.Skip(attributeWireType);
                        break;
                }
            }
        }
    }

    private static void ScanSparseTensor(ReadOnlySpan<byte> sparse, List<ExternalTensor> found)
    {
        // SparseTensorProto: values = 1, indices = 2 (both TensorProto).
        var reader = new ProtoReader(sparse);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field is 1 or 2 && wireType == LengthDelimited)
            {
                ScanTensor(reader.ReadLengthDelimited(), found);
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    private static void ScanTensor(ReadOnlySpan<byte> tensor, List<ExternalTensor> found)
    {
        // TensorProto: name = 8, external_data = 13 (StringStringEntryProto: key = 1, value = 2), data_location = 14.
        var name = string.Empty;
        string? location = null;
        var external = false;
        var reader = new ProtoReader(tensor);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 8 when wireType == LengthDelimited:
                    name = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case 13 when wireType == LengthDelimited:
                    if (ReadEntry(reader.ReadLengthDelimited()) is ("location", var value))
                    {
                        location = value;
                    }

                    break;
                case 14 when wireType == 0:
                    external = reader.ReadVarint() == ExternalDataLocation;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (external)
        {
            found.Add(new ExternalTensor(name, location));
        }
    }

    private static (string Key, string Value) ReadEntry(ReadOnlySpan<byte> entry)
    {
        var key = string.Empty;
        var value = string.Empty;
        var reader = new ProtoReader(entry);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field is 1 or 2 && wireType == LengthDelimited)
            {
                var text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                if (field == 1)
                {
                    key = text;
                }
                else
                {
                    value = text;
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (key, value);
    }

    private static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("The model nests subgraphs too deeply.");
        }
    }
}
