using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

public class BFloat16TensorBuilderTests
{
    [Theory]
    [InlineData(1f, 0x3F80)]
    [InlineData(-2f, 0xC000)]
    [InlineData(0.1f, 0x3DCD)]
    [InlineData(1.00390625f, 0x3F80)]
    [InlineData(1.01171875f, 0x3F82)]
    [InlineData(1.0039064f, 0x3F81)]
    [InlineData(float.PositiveInfinity, 0x7F80)]
    [InlineData(float.MaxValue, 0x7F80)]
    public void FromSingle_Value_RoundsToNearestEven(float value, int expected)
    {
        // Act
        var bits = BFloat16TensorBuilder.FromSingle(value);

        // Assert
        Assert.Equal((ushort)expected, bits);
    }

    [Fact]
    public void FromSingle_NaN_StaysNaN()
    {
        // Act
        var bits = BFloat16TensorBuilder.FromSingle(float.NaN);

        // Assert
        Assert.True(float.IsNaN(BFloat16TensorBuilder.ToSingle(bits)));
    }
}
