using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using ModelServing.Core.Tensors;

namespace ModelServing.Onnx.Tensors;

/// <summary>Converts <see cref="TensorData"/> to ONNX Runtime <see cref="OrtValue"/>s and back.</summary>
/// <remarks>
/// Inputs whose CLR element type is the one ONNX Runtime expects are pinned, not copied: the returned value reads the
/// tensor's array until it is disposed (tensors are immutable once handed over, so that is safe). Float16 (held as
/// <see cref="Half"/>) and bfloat16 (held as <see cref="ushort"/> bits) have the same 16-bit layout as ONNX Runtime's types
/// and are copied byte for byte into a native tensor. Strings are copied element by element as raw bytes, never decoded.
/// The caller disposes every value this class returns.
/// </remarks>
internal static class OrtValueConverter
{
    /// <summary>Creates an ONNX Runtime value holding <paramref name="tensor"/>.</summary>
    public static OrtValue ToOrtValue(TensorData tensor)
    {
        var shape = tensor.Shape.ToArray();
        return tensor.DataType switch
        {
            TensorDataType.String => CreateStringTensor((byte[][])tensor.Data, shape),
            TensorDataType.Float16 or TensorDataType.BFloat16 => CopyToNative(tensor, shape),
            _ when tensor.ElementCount == 0 => CopyToNative(tensor, shape),
            TensorDataType.Float => OrtValue.CreateTensorValueFromMemory((float[])tensor.Data, shape),
            TensorDataType.Double => OrtValue.CreateTensorValueFromMemory((double[])tensor.Data, shape),
            TensorDataType.Int8 => OrtValue.CreateTensorValueFromMemory((sbyte[])tensor.Data, shape),
            TensorDataType.Int16 => OrtValue.CreateTensorValueFromMemory((short[])tensor.Data, shape),
            TensorDataType.Int32 => OrtValue.CreateTensorValueFromMemory((int[])tensor.Data, shape),
            TensorDataType.Int64 => OrtValue.CreateTensorValueFromMemory((long[])tensor.Data, shape),
            TensorDataType.UInt8 => OrtValue.CreateTensorValueFromMemory((byte[])tensor.Data, shape),
            TensorDataType.UInt16 => OrtValue.CreateTensorValueFromMemory((ushort[])tensor.Data, shape),
            TensorDataType.UInt32 => OrtValue.CreateTensorValueFromMemory((uint[])tensor.Data, shape),
            TensorDataType.UInt64 => OrtValue.CreateTensorValueFromMemory((ulong[])tensor.Data, shape),
            TensorDataType.Bool => OrtValue.CreateTensorValueFromMemory((bool[])tensor.Data, shape),
            _ => throw new ArgumentOutOfRangeException(nameof(tensor), tensor.DataType, null),
        };
    }

    /// <summary>Copies an output tensor into a new <see cref="TensorData"/>.</summary>
    /// <exception cref="NotSupportedException">The value is not a tensor of a servable element type.</exception>
    public static TensorData ToTensorData(OrtValue value)
    {
        if (!value.IsTensor)
        {
            throw new NotSupportedException($"The output is a {value.OnnxType}, not a tensor.");
        }

        var info = value.GetTensorTypeAndShape();
        var dataType = OnnxElementTypes.ToDataType(info.ElementDataType)
            ?? throw new NotSupportedException($"The output element type {info.ElementDataType} is not supported.");
        var count = checked((int)info.ElementCount);
        if (dataType == TensorDataType.String)
        {
            var strings = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                strings[i] = value.GetStringElementAsSpan(i).ToArray();
            }

            return TensorData.Create(dataType, strings, info.Shape);
        }

        var data = Array.CreateInstance(TensorDataTypes.ClrType(dataType), count);
        if (count > 0)
        {
            value.GetTensorMutableRawData().CopyTo(BytesOf(data, dataType));
        }

        return TensorData.Create(dataType, data, info.Shape);
    }

    private static OrtValue CreateStringTensor(byte[][] strings, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        try
        {
            for (var i = 0; i < strings.Length; i++)
            {
                value.StringTensorSetElementAt((ReadOnlySpan<byte>)strings[i], i);
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    private static OrtValue CopyToNative(TensorData tensor, long[] shape)
    {
        var elementType = OnnxElementTypes.ToElementType(tensor.DataType);
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, elementType, shape);
        try
        {
            if (tensor.ElementCount > 0)
            {
                BytesOf(tensor.Data, tensor.DataType).CopyTo(value.GetTensorMutableRawData());
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    /// <summary>The elements of a primitive array as bytes (in the machine's byte order, which is ONNX Runtime's).</summary>
    private static Span<byte> BytesOf(Array data, TensorDataType dataType) =>
        MemoryMarshal.CreateSpan(
            ref MemoryMarshal.GetArrayDataReference(data),
            checked(data.Length * TensorDataTypes.ElementSize(dataType)));
}
