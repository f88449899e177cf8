using ModelServing.Core.Tensors;
using ModelServing.Onnx.Tensors;

namespace ModelServing.Onnx.Tests.Tensors;

public sealed class OrtValueConverterTests
{
    [Fact]
    public void RoundTrip_Scalar_KeepsRankZero()
    {
        using var value = OrtValueConverter.ToOrtValue(TensorData.FromFloats([3.5f]));

        var back = OrtValueConverter.ToTensorData(value);

        Assert.Empty(back.Shape);
        Assert.Equal([3.5f], back.As<float>());
    }

    [Fact]
    public void RoundTrip_EmptyStringTensor_KeepsShape()
    {
        using var value = OrtValueConverter.ToOrtValue(TensorData.FromBytes([], 0, 4));

        var back = OrtValueConverter.ToTensorData(value);

        Assert.Equal(TensorDataType.String, back.DataType);
        Assert.Equal([0L, 4L], back.Shape);
        Assert.Empty(back.As<byte[]>());
    }

    [Fact]
    public void RoundTrip_Float16_KeepsBits()
    {
        Half[] data = [Half.MinValue, (Half)(-0f), Half.NaN];
        using var value = OrtValueConverter.ToOrtValue(TensorData.Create(TensorDataType.Float16, data, 3));

        var back = OrtValueConverter.ToTensorData(value);

        Assert.Equal(TensorDataType.Float16, back.DataType);
        Assert.Equal(data.Select(BitConverter.HalfToUInt16Bits), back.As<Half>().Select(BitConverter.HalfToUInt16Bits));
    }

    [Fact]
    public void ToOrtValue_BFloat16Bits_AreNotMistakenForUInt16()
    {
        using var value = OrtValueConverter.ToOrtValue(TensorData.Create(TensorDataType.BFloat16, new ushort[] { 0x3F80 }, 1));

        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.BFloat16, value.GetTensorTypeAndShape().ElementDataType);
        Assert.Equal(TensorDataType.BFloat16, OrtValueConverter.ToTensorData(value).DataType);
    }
}
