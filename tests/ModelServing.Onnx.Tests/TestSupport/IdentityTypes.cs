using ModelServing.Core.Tensors;
using ModelServing.ModelGen.Onnx;

namespace ModelServing.Onnx.Tests.TestSupport;

/// <summary>The data-plane type of each ONNX element type the identity model uses, written out independently of the runner.</summary>
public static class IdentityTypes
{
    public static TensorDataType DataTypeOf(OnnxDataType type) => type switch
    {
        OnnxDataType.Float => TensorDataType.Float,
        OnnxDataType.Double => TensorDataType.Double,
        OnnxDataType.Float16 => TensorDataType.Float16,
        OnnxDataType.BFloat16 => TensorDataType.BFloat16,
        OnnxDataType.Int8 => TensorDataType.Int8,
        OnnxDataType.Int16 => TensorDataType.Int16,
        OnnxDataType.Int32 => TensorDataType.Int32,
        OnnxDataType.Int64 => TensorDataType.Int64,
        OnnxDataType.UInt8 => TensorDataType.UInt8,
        OnnxDataType.UInt16 => TensorDataType.UInt16,
        OnnxDataType.UInt32 => TensorDataType.UInt32,
        OnnxDataType.UInt64 => TensorDataType.UInt64,
        OnnxDataType.Bool => TensorDataType.Bool,
        OnnxDataType.String => TensorDataType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
