namespace ModelServing.Core.Tensors;

/// <summary>Element types a tensor can carry through the data plane (the ONNX tensor types the gateway serves).</summary>
public enum TensorDataType
{
    /// <summary>32-bit IEEE float (ONNX FLOAT, TF DT_FLOAT).</summary>
    Float,
    /// <summary>64-bit IEEE float.</summary>
    Double,
    /// <summary>16-bit IEEE float, held as <see cref="Half"/>.</summary>
    Float16,
    /// <summary>bfloat16, held as its raw 16 bits in a <see cref="ushort"/>.</summary>
    BFloat16,
    /// <summary>Signed 8-bit integer.</summary>
    Int8,
    /// <summary>Signed 16-bit integer.</summary>
    Int16,
    /// <summary>Signed 32-bit integer.</summary>
    Int32,
    /// <summary>Signed 64-bit integer.</summary>
    Int64,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64,
    /// <summary>Boolean.</summary>
    Bool,
    /// <summary>Byte string (TF DT_STRING, ONNX STRING), held as <c>byte[]</c> per element.</summary>
    String,
    /// <summary>
    /// A structured JSON value per element (<see cref="System.Text.Json.Nodes.JsonNode"/>, null allowed), produced only by
    /// serving-function output stages (top-k labels, text boxes); never a model input or output. TF name DT_VARIANT.
    /// </summary>
    Json,
}
