namespace ModelServing.Core.Tensors;

/// <summary>Facts about <see cref="TensorDataType"/>: CLR element type, size, and names used by the protocols.</summary>
public static class TensorDataTypes
{
    /// <summary>The CLR array element type that holds values of <paramref name="type"/>.</summary>
    public static Type ClrType(TensorDataType type) => type switch
    {
        TensorDataType.Float => typeof(float),
        TensorDataType.Double => typeof(double),
        TensorDataType.Float16 => typeof(Half),
        TensorDataType.BFloat16 => typeof(ushort),
        TensorDataType.Int8 => typeof(sbyte),
        TensorDataType.Int16 => typeof(short),
        TensorDataType.Int32 => typeof(int),
        TensorDataType.Int64 => typeof(long),
        TensorDataType.UInt8 => typeof(byte),
        TensorDataType.UInt16 => typeof(ushort),
        TensorDataType.UInt32 => typeof(uint),
        TensorDataType.UInt64 => typeof(ulong),
        TensorDataType.Bool => typeof(bool),
        TensorDataType.String => typeof(byte[]),
        TensorDataType.Json => typeof(System.Text.Json.Nodes.JsonNode),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Bytes per element, or 0 for strings.</summary>
    public static int ElementSize(TensorDataType type) => type switch
    {
        TensorDataType.Float or TensorDataType.Int32 or TensorDataType.UInt32 => 4,
        TensorDataType.Double or TensorDataType.Int64 or TensorDataType.UInt64 => 8,
        TensorDataType.Float16 or TensorDataType.BFloat16 or TensorDataType.Int16 or TensorDataType.UInt16 => 2,
        TensorDataType.Int8 or TensorDataType.UInt8 or TensorDataType.Bool => 1,
        _ => 0,
    };

    /// <summary>The TensorFlow <c>DataType</c> enum name (<c>DT_FLOAT</c> ...) used in TF Serving metadata.</summary>
    public static string TensorFlowName(TensorDataType type) => type switch
    {
        TensorDataType.Float => "DT_FLOAT",
        TensorDataType.Double => "DT_DOUBLE",
        TensorDataType.Float16 => "DT_HALF",
        TensorDataType.BFloat16 => "DT_BFLOAT16",
        TensorDataType.Int8 => "DT_INT8",
        TensorDataType.Int16 => "DT_INT16",
        TensorDataType.Int32 => "DT_INT32",
        TensorDataType.Int64 => "DT_INT64",
        TensorDataType.UInt8 => "DT_UINT8",
        TensorDataType.UInt16 => "DT_UINT16",
        TensorDataType.UInt32 => "DT_UINT32",
        TensorDataType.UInt64 => "DT_UINT64",
        TensorDataType.Bool => "DT_BOOL",
        TensorDataType.String => "DT_STRING",
        TensorDataType.Json => "DT_VARIANT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The Open Inference Protocol datatype name (<c>FP32</c> ...).</summary>
    public static string OpenInferenceName(TensorDataType type) => type switch
    {
        TensorDataType.Float => "FP32",
        TensorDataType.Double => "FP64",
        TensorDataType.Float16 => "FP16",
        TensorDataType.BFloat16 => "BF16",
        TensorDataType.Int8 => "INT8",
        TensorDataType.Int16 => "INT16",
        TensorDataType.Int32 => "INT32",
        TensorDataType.Int64 => "INT64",
        TensorDataType.UInt8 => "UINT8",
        TensorDataType.UInt16 => "UINT16",
        TensorDataType.UInt32 => "UINT32",
        TensorDataType.UInt64 => "UINT64",
        TensorDataType.Bool => "BOOL",
        TensorDataType.String or TensorDataType.Json => "BYTES",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
