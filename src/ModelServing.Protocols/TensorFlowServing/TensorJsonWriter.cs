using System.Runtime.CompilerServices;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Writes a tensor, or the sub-tensor of one batch item, as a JSON scalar or nested lists.</summary>
/// <remarks>
/// One generic loop per element type, specialized by the JIT through a struct element writer, so the per-element path has
/// no type switch, no boxing and no virtual call.
/// </remarks>
internal static partial class TensorJsonWriter
{
    /// <summary>Rows of floats up to this length go out as one raw JSON array (a buffer of about 25 bytes per element).</summary>
    private const int MaxRawSingleRow = 16384;

    /// <summary>
    /// Writes the elements from <paramref name="offset"/> on, shaped as dimensions <paramref name="firstDimension"/> and
    /// after of <paramref name="tensor"/> (a scalar when there are none).
    /// </summary>
    public static void Write(Utf8JsonWriter writer, TensorData tensor, int firstDimension, long offset, bool bytesAsBase64)
    {
        var shape = tensor.Shape;
        switch (tensor.DataType)
        {
            case TensorDataType.Float:
                WriteNested<float, SingleWriter>(writer, tensor.As<float>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.Double:
                WriteNested<double, DoubleWriter>(writer, tensor.As<double>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.Float16:
                WriteNested<Half, HalfWriter>(writer, tensor.As<Half>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.BFloat16:
                WriteNested<ushort, BFloat16Writer>(writer, tensor.As<ushort>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.Int8:
                WriteNested<sbyte, IntegerWriter<sbyte>>(writer, tensor.As<sbyte>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.Int16:
                WriteNested<short, IntegerWriter<short>>(writer, tensor.As<short>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.Int32:
                WriteNested<int, IntegerWriter<int>>(writer, tensor.As<int>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.Int64:
                WriteNested<long, IntegerWriter<long>>(writer, tensor.As<long>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.UInt8:
                WriteNested<byte, IntegerWriter<byte>>(writer, tensor.As<byte>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.UInt16:
                WriteNested<ushort, IntegerWriter<ushort>>(writer, tensor.As<ushort>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.UInt32:
                WriteNested<uint, IntegerWriter<uint>>(writer, tensor.As<uint>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.UInt64:
                WriteNested<ulong, UInt64Writer>(writer, tensor.As<ulong>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.Bool:
                WriteNested<bool, BoolWriter>(writer, tensor.As<bool>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.String when bytesAsBase64:
                WriteNested<byte[], Base64Writer>(writer, tensor.As<byte[]>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.String:
                WriteNested<byte[], StringWriter>(writer, tensor.As<byte[]>(), shape, firstDimension, ref offset);
                break;
            case TensorDataType.Json:
                WriteNested<System.Text.Json.Nodes.JsonNode?, JsonNodeWriter>(writer, tensor.As<System.Text.Json.Nodes.JsonNode?>(), shape, firstDimension, ref offset);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tensor), tensor.DataType, null);
        }
    }

    private static void WriteNested<T, TWriter>(Utf8JsonWriter writer, T[] data, IReadOnlyList<long> shape, int dimension, ref long offset)
        where TWriter : struct, IElementWriter<T>
    {
        if (dimension == shape.Count)
        {
            TWriter.Write(writer, data[offset++]);
            return;
        }

        var length = shape[dimension];
        if (typeof(T) == typeof(float) && dimension == shape.Count - 1 && length <= MaxRawSingleRow)
        {
            // T is float here (a compile-time fact for the JIT in this instantiation).
            WriteSingleRow(writer, Unsafe.As<T[], float[]>(ref data).AsSpan((int)offset, (int)length));
            offset += length;
            return;
        }

        writer.WriteStartArray();
        if (dimension == shape.Count - 1)
        {
            var end = offset + length;
            for (var i = offset; i < end; i++)
            {
                TWriter.Write(writer, data[i]);
            }

            offset = end;
        }
        else
        {
            for (long i = 0; i < length; i++)
            {
                WriteNested<T, TWriter>(writer, data, shape, dimension + 1, ref offset);
            }
        }

        writer.WriteEndArray();
    }
}
