using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

/// <summary>Encodes output tensors as the protocol's flat JSON <c>data</c> list or as binary tensor data.</summary>
/// <remarks>
/// Serving-function outputs (structured values such as top-k labels or text boxes) travel as BYTES whose elements are
/// JSON texts, marked with the output parameter <c>content_type: application/json</c>.
/// </remarks>
internal static class TensorDataEncoder
{
    private static readonly UTF8Encoding s_strictUtf8 = new(false, true);

    /// <summary>Writes the flat, row-major <c>data</c> list.</summary>
    public static void WriteJson(Utf8JsonWriter writer, TensorData tensor)
    {
        writer.WriteStartArray();
        switch (tensor.DataType)
        {
            case TensorDataType.Float: foreach (var v in tensor.As<float>()) { WriteFloat(writer, v); } break;
            case TensorDataType.Double: foreach (var v in tensor.As<double>()) { WriteFloat(writer, v); } break;
            case TensorDataType.Float16: foreach (var v in tensor.As<Half>()) { WriteFloat(writer, (float)v); } break;
            case TensorDataType.BFloat16:
                foreach (var v in tensor.As<ushort>()) { WriteFloat(writer, BitConverter.UInt32BitsToSingle((uint)v << 16)); }
                break;
            case TensorDataType.Int8: foreach (var v in tensor.As<sbyte>()) { writer.WriteNumberValue(v); } break;
            case TensorDataType.Int16: foreach (var v in tensor.As<short>()) { writer.WriteNumberValue(v); } break;
            case TensorDataType.Int32: foreach (var v in tensor.As<int>()) { writer.WriteNumberValue(v); } break;
            case TensorDataType.Int64: foreach (var v in tensor.As<long>()) { writer.WriteNumberValue(v); } break;
            case TensorDataType.UInt8: foreach (var v in tensor.As<byte>()) { writer.WriteNumberValue(v); } break;
            case TensorDataType.UInt16: foreach (var v in tensor.As<ushort>()) { writer.WriteNumberValue(v); } break;
            case TensorDataType.UInt32: foreach (var v in tensor.As<uint>()) { writer.WriteNumberValue(v); } break;
            case TensorDataType.UInt64: foreach (var v in tensor.As<ulong>()) { writer.WriteNumberValue(v); } break;
            case TensorDataType.Bool: foreach (var v in tensor.As<bool>()) { writer.WriteBooleanValue(v); } break;
            case TensorDataType.String: foreach (var v in tensor.As<byte[]>()) { WriteString(writer, v); } break;
            case TensorDataType.Json: foreach (var v in tensor.As<JsonNode?>()) { writer.WriteStringValue(v?.ToJsonString() ?? "null"); } break;
            default: throw new InvalidOperationException($"No JSON encoding for {tensor.DataType}.");
        }

        writer.WriteEndArray();
    }

    /// <summary>The binary form: little-endian elements, BOOL one byte each, BYTES as 4-byte length + bytes.</summary>
    public static byte[] EncodeBinary(TensorData tensor)
    {
        byte[][]? strings = tensor.Data switch
        {
            byte[][] s => s,
            JsonNode?[] j => [.. j.Select(v => Encoding.UTF8.GetBytes(v?.ToJsonString() ?? "null"))],
            _ => null,
        };
        if (strings is not null)
        {
            var output = new byte[strings.Sum(s => 4L + s.Length)];
            var offset = 0;
            foreach (var s in strings)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(offset), (uint)s.Length);
                s.CopyTo(output, offset + 4);
                offset += 4 + s.Length;
            }

            return output;
        }

        if (tensor.Data is bool[] flags)
        {
            return [.. flags.Select(f => f ? (byte)1 : (byte)0)];
        }

        var length = checked((int)(tensor.ElementCount * TensorDataTypes.ElementSize(tensor.DataType)));
        return MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(tensor.Data), length).ToArray();
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteFloat(writer, (double)value);
        }
    }

    private static void WriteString(Utf8JsonWriter writer, byte[] value)
    {
        try
        {
            _ = s_strictUtf8.GetCharCount(value);
            writer.WriteStringValue(value);
        }
        catch (DecoderFallbackException)
        {
            // JSON strings cannot carry arbitrary bytes; the binary tensor data extension can.
            writer.WriteStringValue(Encoding.UTF8.GetString(value));
        }
    }
}
