using Microsoft.ML.OnnxRuntime.Tensors;
using ModelServing.Core.Tensors;

namespace ModelServing.Onnx.Tensors;

/// <summary>Maps ONNX Runtime element types to <see cref="TensorDataType"/> and back.</summary>
internal static class OnnxElementTypes
{
    /// <summary>The data-plane type of <paramref name="elementType"/>, or null when the gateway cannot serve it.</summary>
    public static TensorDataType? ToDataType(TensorElementType elementType) => elementType switch
    {
        TensorElementType.Float => TensorDataType.Float,
        TensorElementType.Double => TensorDataType.Double,
        TensorElementType.Float16 => TensorDataType.Float16,
        TensorElementType.BFloat16 => TensorDataType.BFloat16,
        TensorElementType.Int8 => TensorDataType.Int8,
        TensorElementType.Int16 => TensorDataType.Int16,
        TensorElementType.Int32 => TensorDataType.Int32,
        TensorElementType.Int64 => TensorDataType.Int64,
        TensorElementType.UInt8 => TensorDataType.UInt8,
        TensorElementType.UInt16 => TensorDataType.UInt16,
        TensorElementType.UInt32 => TensorDataType.UInt32,
        TensorElementType.UInt64 => TensorDataType.UInt64,
        TensorElementType.Bool => TensorDataType.Bool,
        TensorElementType.String => TensorDataType.String,
        _ => null,
    };

    /// <summary>The ONNX Runtime element type of <paramref name="dataType"/>.</summary>
    public static TensorElementType ToElementType(TensorDataType dataType) => dataType switch
    {
        TensorDataType.Float => TensorElementType.Float,
        TensorDataType.Double => TensorElementType.Double,
        TensorDataType.Float16 => TensorElementType.Float16,
        TensorDataType.BFloat16 => TensorElementType.BFloat16,
        TensorDataType.Int8 => TensorElementType.Int8,
        TensorDataType.Int16 => TensorElementType.Int16,
        TensorDataType.Int32 => TensorElementType.Int32,
        TensorDataType.Int64 => TensorElementType.Int64,
        TensorDataType.UInt8 => TensorElementType.UInt8,
        TensorDataType.UInt16 => TensorElementType.UInt16,
        TensorDataType.UInt32 => TensorElementType.UInt32,
        TensorDataType.UInt64 => TensorElementType.UInt64,
        TensorDataType.Bool => TensorElementType.Bool,
        TensorDataType.String => TensorElementType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, null),
    };

    /// <summary>The ONNX spelling of an element type (<c>float</c>, <c>bfloat16</c>, <c>string</c>) used in messages.</summary>
    public static string Name(TensorDataType dataType) => dataType switch
    {
        TensorDataType.Float => "float",
        TensorDataType.Double => "double",
        TensorDataType.Float16 => "float16",
        TensorDataType.BFloat16 => "bfloat16",
        TensorDataType.Int8 => "int8",
        TensorDataType.Int16 => "int16",
        TensorDataType.Int32 => "int32",
        TensorDataType.Int64 => "int64",
        TensorDataType.UInt8 => "uint8",
        TensorDataType.UInt16 => "uint16",
        TensorDataType.UInt32 => "uint32",
        TensorDataType.UInt64 => "uint64",
        TensorDataType.Bool => "bool",
        TensorDataType.String => "string",
        _ => dataType.ToString(),
    };
}
