using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using ModelServing.Core.Tensors;
using Tensorflow;

namespace ModelServing.Protocols.Grpc.TensorFlowServing;

/// <summary>Encodes domain tensors as TF Serving answers with them in a <c>PredictResponse</c>.</summary>
/// <remarks>
/// As TF Serving (predict_util.cc): numeric outputs as packed little-endian <c>tensor_content</c> (bool one byte each),
/// DT_HALF in <c>half_val</c>; strings in <c>string_val</c>. Serving-function outputs (top-k labels, text boxes) are
/// DT_STRING whose elements are JSON texts, as the Open Inference routes send them. Stateless and thread-safe.
/// </remarks>
public static class TensorProtoWriter
{
    /// <summary>The <see cref="TensorProto"/> of <paramref name="tensor"/>.</summary>
    public static TensorProto Write(TensorData tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var proto = new TensorProto { TensorShape = Shape(tensor.Shape) };
        switch (tensor.Data)
        {
            case byte[][] strings:
                proto.Dtype = DataType.DtString;
                foreach (var value in strings)
                {
                    // Output arrays are not mutated once handed over, so the bytes need no copy.
                    proto.StringVal.Add(UnsafeByteOperations.UnsafeWrap(value));
                }

                break;
            case JsonNode?[] values:
                proto.Dtype = DataType.DtString;
                foreach (var value in values)
                {
                    proto.StringVal.Add(UnsafeByteOperations.UnsafeWrap(Encoding.UTF8.GetBytes(value?.ToJsonString() ?? "null")));
                }

                break;
            case Half[] halves:
                proto.Dtype = DataType.DtHalf;
                foreach (var value in halves)
                {
                    proto.HalfVal.Add(BitConverter.HalfToUInt16Bits(value));
                }

                break;
            case bool[] flags:
                proto.Dtype = DataType.DtBool;
                proto.TensorContent = UnsafeByteOperations.UnsafeWrap(flags.Select(f => f ? (byte)1 : (byte)0).ToArray());
                break;
            default:
                proto.Dtype = TensorProtoTypes.ToTensorFlow(tensor.DataType);
                var length = checked((int)(tensor.ElementCount * TensorDataTypes.ElementSize(tensor.DataType)));
                proto.TensorContent = ByteString.CopyFrom(
                    MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(tensor.Data), length));
                break;
        }

        return proto;
    }

    /// <summary>A <see cref="TensorShapeProto"/> of known dimensions (-1 stays -1, for signatures).</summary>
    public static TensorShapeProto Shape(IReadOnlyList<long> shape, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var proto = new TensorShapeProto();
        for (var i = 0; i < shape.Count; i++)
        {
            proto.Dim.Add(new TensorShapeProto.Types.Dim { Size = shape[i], Name = names is not null && i < names.Count ? names[i] : string.Empty });
        }

        return proto;
    }
}
