using ModelServing.Core.Tensors;
using Tensorflow;

namespace ModelServing.Protocols.Grpc.TensorFlowServing;

/// <summary>TensorFlow's <see cref="DataType"/> values and the domain's <see cref="TensorDataType"/>, both ways.</summary>
public static class TensorProtoTypes
{
    /// <summary>The domain type of <paramref name="dtype"/>, or null for a TensorFlow type the gateway does not serve.</summary>
    public static TensorDataType? ToDomain(DataType dtype) => dtype switch
    {
        DataType.DtFloat => TensorDataType.Float,
        DataType.DtDouble => TensorDataType.Double,
        DataType.DtHalf => TensorDataType.Float16,
        DataType.DtBfloat16 => TensorDataType.BFloat16,
        DataType.DtInt8 => TensorDataType.Int8,
        DataType.DtInt16 => TensorDataType.Int16,
        DataType.DtInt32 => TensorDataType.Int32,
        DataType.DtInt64 => TensorDataType.Int64,
        DataType.DtUint8 => TensorDataType.UInt8,
        DataType.DtUint16 => TensorDataType.UInt16,
        DataType.DtUint32 => TensorDataType.UInt32,
        DataType.DtUint64 => TensorDataType.UInt64,
        DataType.DtBool => TensorDataType.Bool,
        DataType.DtString => TensorDataType.String,
        _ => null,
    };

    /// <summary>The TensorFlow type of <paramref name="type"/> (serving-function JSON values: <see cref="DataType.DtVariant"/>, as REST metadata names them).</summary>
    public static DataType ToTensorFlow(TensorDataType type) => type switch
    {
        TensorDataType.Float => DataType.DtFloat,
        TensorDataType.Double => DataType.DtDouble,
        TensorDataType.Float16 => DataType.DtHalf,
        TensorDataType.BFloat16 => DataType.DtBfloat16,
        TensorDataType.Int8 => DataType.DtInt8,
        TensorDataType.Int16 => DataType.DtInt16,
        TensorDataType.Int32 => DataType.DtInt32,
        TensorDataType.Int64 => DataType.DtInt64,
        TensorDataType.UInt8 => DataType.DtUint8,
        TensorDataType.UInt16 => DataType.DtUint16,
        TensorDataType.UInt32 => DataType.DtUint32,
        TensorDataType.UInt64 => DataType.DtUint64,
        TensorDataType.Bool => DataType.DtBool,
        TensorDataType.String => DataType.DtString,
        TensorDataType.Json => DataType.DtVariant,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The published enum name (<c>DT_FLOAT</c>), or the number for a value this file does not know.</summary>
    public static string Name(DataType dtype) =>
        TypesReflection.Descriptor.EnumTypes[0].FindValueByNumber((int)dtype)?.Name ?? ((int)dtype).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The <see cref="Tensorflow.TensorProto"/> field that carries values of <paramref name="type"/> when <c>tensor_content</c> is empty.</summary>
    public static string ValueField(TensorDataType type) => type switch
    {
        TensorDataType.Float => "float_val",
        TensorDataType.Double => "double_val",
        TensorDataType.Float16 or TensorDataType.BFloat16 => "half_val",
        TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32 or TensorDataType.UInt8 or TensorDataType.UInt16 => "int_val",
        TensorDataType.Int64 => "int64_val",
        TensorDataType.UInt32 => "uint32_val",
        TensorDataType.UInt64 => "uint64_val",
        TensorDataType.Bool => "bool_val",
        _ => "string_val",
    };
}
