using System.Runtime.InteropServices;
using Google.Protobuf;
using Google.Protobuf.Collections;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using Tensorflow;

namespace ModelServing.Protocols.Grpc.TensorFlowServing;

public static partial class TensorProtoReader
{
    /// <summary>Packed little-endian elements (bool: one byte each), exactly the shape's size.</summary>
    private static Array FromContent(TensorProto proto, string name, TensorDataType type, long[] shape, long count)
    {
        if (type == TensorDataType.String)
        {
            throw ServingException.Invalid($"Input '{name}' is DT_STRING: its values go in string_val, not tensor_content");
        }

        var bytes = proto.TensorContent.Span;
        var size = TensorDataTypes.ElementSize(type);
        if (bytes.Length != count * size)
        {
            throw CountMismatch(name, type, shape, count, $"tensor_content holds {bytes.Length} bytes instead of {count * size}");
        }

        var data = Array.CreateInstance(TensorDataTypes.ClrType(type), count);
        if (data is bool[] flags)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                flags[i] = bytes[i] != 0;
            }

            return data;
        }

        // The machines this runs on are little-endian, which is TensorFlow's tensor_content byte order.
        bytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), bytes.Length));
        return data;
    }

    /// <summary>
    /// The dtype's typed field: one value per element, or a single value that fills the whole shape (TensorFlow's rule for
    /// a typed field holding one value, which clients use for constants).
    /// </summary>
    private static Array FromValues(TensorProto proto, string name, TensorDataType type, long[] shape, long count)
    {
        var field = TensorProtoTypes.ValueField(type);
        var available = ValueCount(proto, type);
        if (available == 0 && count > 0)
        {
            throw ServingException.Invalid(OtherField(proto) is { } other
                ? $"Input '{name}' is {TensorDataTypes.TensorFlowName(type)} but its values are in {other}; {TensorDataTypes.TensorFlowName(type)} values go in {field} or tensor_content"
                : $"Input '{name}' has shape {InputValidator.FormatShape(shape)} ({count} elements) but no values in {field} or tensor_content");
        }

        if (available != count && available != 1)
        {
            throw CountMismatch(name, type, shape, count, $"{available} values in {field}");
        }

        var broadcast = available == 1;
        return type switch
        {
            TensorDataType.Float => Copy(proto.FloatVal, count, broadcast),
            TensorDataType.Double => Copy(proto.DoubleVal, count, broadcast),
            TensorDataType.Int64 => Copy(proto.Int64Val, count, broadcast),
            TensorDataType.UInt32 => Copy(proto.Uint32Val, count, broadcast),
            TensorDataType.UInt64 => Copy(proto.Uint64Val, count, broadcast),
            TensorDataType.Bool => Copy(proto.BoolVal, count, broadcast),
            TensorDataType.String => Strings(proto.StringVal, count, broadcast),
            TensorDataType.Float16 => Convert(proto.HalfVal, count, broadcast, v => BitConverter.UInt16BitsToHalf(Bits16(name, v))),
            TensorDataType.BFloat16 => Convert(proto.HalfVal, count, broadcast, v => Bits16(name, v)),
            TensorDataType.Int8 => Convert(proto.IntVal, count, broadcast, v => v is >= sbyte.MinValue and <= sbyte.MaxValue ? (sbyte)v : throw OutOfRange(name, v, type)),
            TensorDataType.Int16 => Convert(proto.IntVal, count, broadcast, v => v is >= short.MinValue and <= short.MaxValue ? (short)v : throw OutOfRange(name, v, type)),
            TensorDataType.UInt8 => Convert(proto.IntVal, count, broadcast, v => v is >= byte.MinValue and <= byte.MaxValue ? (byte)v : throw OutOfRange(name, v, type)),
            TensorDataType.UInt16 => Convert(proto.IntVal, count, broadcast, v => v is >= ushort.MinValue and <= ushort.MaxValue ? (ushort)v : throw OutOfRange(name, v, type)),
            _ => Copy(proto.IntVal, count, broadcast),
        };
    }

    private static int ValueCount(TensorProto proto, TensorDataType type) => type switch
    {
        TensorDataType.Float => proto.FloatVal.Count,
        TensorDataType.Double => proto.DoubleVal.Count,
        TensorDataType.Float16 or TensorDataType.BFloat16 => proto.HalfVal.Count,
        TensorDataType.Int64 => proto.Int64Val.Count,
        TensorDataType.UInt32 => proto.Uint32Val.Count,
        TensorDataType.UInt64 => proto.Uint64Val.Count,
        TensorDataType.Bool => proto.BoolVal.Count,
        TensorDataType.String => proto.StringVal.Count,
        _ => proto.IntVal.Count,
    };

    /// <summary>The first typed field that holds values, for a message that put them in the wrong one.</summary>
    private static string? OtherField(TensorProto proto) =>
        proto.FloatVal.Count > 0 ? "float_val"
        : proto.DoubleVal.Count > 0 ? "double_val"
        : proto.IntVal.Count > 0 ? "int_val"
        : proto.Int64Val.Count > 0 ? "int64_val"
        : proto.HalfVal.Count > 0 ? "half_val"
        : proto.BoolVal.Count > 0 ? "bool_val"
        : proto.StringVal.Count > 0 ? "string_val"
        : proto.Uint32Val.Count > 0 ? "uint32_val"
        : proto.Uint64Val.Count > 0 ? "uint64_val"
        : proto.ScomplexVal.Count > 0 ? "scomplex_val"
        : proto.DcomplexVal.Count > 0 ? "dcomplex_val"
        : proto.Float8Val.Length > 0 ? "float8_val"
        : null;

    private static T[] Copy<T>(RepeatedField<T> values, long count, bool broadcast)
    {
        var data = new T[count];
        if (broadcast)
        {
            Array.Fill(data, values[0]);
        }
        else
        {
            values.CopyTo(data, 0);
        }

        return data;
    }

    private static TOut[] Convert<TOut>(RepeatedField<int> values, long count, bool broadcast, Func<int, TOut> convert)
    {
        var data = new TOut[count];
        if (broadcast)
        {
            Array.Fill(data, convert(values[0]));
            return data;
        }

        for (var i = 0; i < data.Length; i++)
        {
            data[i] = convert(values[i]);
        }

        return data;
    }

    private static byte[][] Strings(RepeatedField<ByteString> values, long count, bool broadcast)
    {
        var data = new byte[count][];
        if (broadcast)
        {
            // One array shared by every element: tensors are never mutated once handed over.
            Array.Fill(data, values[0].ToByteArray());
            return data;
        }

        for (var i = 0; i < data.Length; i++)
        {
            data[i] = values[i].ToByteArray();
        }

        return data;
    }

    private static ushort Bits16(string name, int value) => value is >= 0 and <= ushort.MaxValue
        ? (ushort)value
        : throw ServingException.Invalid($"Input '{name}' has {value} in half_val, which is not a 16-bit pattern (0 to 65535)");

    private static ServingException OutOfRange(string name, int value, TensorDataType type) =>
        ServingException.Invalid($"Input '{name}' has {value} in int_val, which is out of range for {TensorDataTypes.TensorFlowName(type)}");
}
