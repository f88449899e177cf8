using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

/// <summary>Open Inference Protocol datatype names (<c>FP32</c> ...) to and from the data plane's element types.</summary>
internal static class OpenInferenceDataTypes
{
    /// <summary>The element type named <paramref name="name"/>, or null for an unknown name.</summary>
    public static TensorDataType? Parse(string name) => name switch
    {
        "BOOL" => TensorDataType.Bool,
        "UINT8" => TensorDataType.UInt8,
        "UINT16" => TensorDataType.UInt16,
        "UINT32" => TensorDataType.UInt32,
        "UINT64" => TensorDataType.UInt64,
        "INT8" => TensorDataType.Int8,
        "INT16" => TensorDataType.Int16,
        "INT32" => TensorDataType.Int32,
        "INT64" => TensorDataType.Int64,
        "FP16" => TensorDataType.Float16,
        "BF16" => TensorDataType.BFloat16,
        "FP32" => TensorDataType.Float,
        "FP64" => TensorDataType.Double,
        "BYTES" => TensorDataType.String,
        _ => null,
    };

    /// <summary>The protocol name of <paramref name="type"/>.</summary>
    public static string Name(TensorDataType type) => TensorDataTypes.OpenInferenceName(type);
}
