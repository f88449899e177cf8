namespace ModelServing.ModelGen.Onnx;

/// <summary>ONNX tensor element types, numbered as <c>TensorProto.DataType</c> in onnx.proto.</summary>
public enum OnnxDataType
{
    /// <summary>32-bit float (FLOAT = 1).</summary>
    Float = 1,
    /// <summary>Unsigned 8-bit integer (UINT8 = 2).</summary>
    UInt8 = 2,
    /// <summary>Signed 8-bit integer (INT8 = 3).</summary>
    Int8 = 3,
    /// <summary>Unsigned 16-bit integer (UINT16 = 4).</summary>
    UInt16 = 4,
    /// <summary>Signed 16-bit integer (INT16 = 5).</summary>
    Int16 = 5,
    /// <summary>Signed 32-bit integer (INT32 = 6).</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integer (INT64 = 7).</summary>
    Int64 = 7,
    /// <summary>Byte string (STRING = 8).</summary>
    String = 8,
    /// <summary>Boolean (BOOL = 9).</summary>
    Bool = 9,
    /// <summary>IEEE half precision (FLOAT16 = 10).</summary>
    Float16 = 10,
    /// <summary>64-bit float (DOUBLE = 11).</summary>
    Double = 11,
    /// <summary>Unsigned 32-bit integer (UINT32 = 12).</summary>
    UInt32 = 12,
    /// <summary>Unsigned 64-bit integer (UINT64 = 13).</summary>
    UInt64 = 13,
    /// <summary>Two 32-bit floats (COMPLEX64 = 14); ONNX Runtime refuses it as a graph input or output type.</summary>
    Complex64 = 14,
    /// <summary>Two 64-bit floats (COMPLEX128 = 15).</summary>
    Complex128 = 15,
    /// <summary>Brain float (BFLOAT16 = 16).</summary>
    BFloat16 = 16,
    /// <summary>8-bit float, 4 exponent and 3 mantissa bits (FLOAT8E4M3FN = 17); no element type in ONNX Runtime's C# API.</summary>
    Float8E4M3FN = 17,
    /// <summary>8-bit float, 5 exponent and 2 mantissa bits (FLOAT8E5M2 = 19).</summary>
    Float8E5M2 = 19,
    /// <summary>Signed 4-bit integer, two per byte (INT4 = 22).</summary>
    Int4 = 22,
}
