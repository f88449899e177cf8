using ModelServing.Core.PostProcessing;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.PostProcessing;

public class ArgmaxTests
{
    [Fact]
    public void LastAxis_FloatMatrix_ReturnsInt64IndexPerRow()
    {
        // Arrange
        var input = TensorData.FromFloats([0.1f, 0.7f, 0.2f, 0.9f, -1f, 0.05f], 2, 3);

        // Act
        var output = Argmax.LastAxis(input);

        // Assert
        Assert.Equal(TensorDataType.Int64, output.DataType);
        Assert.Equal([2L], output.Shape);
        Assert.Equal([1L, 0L], output.As<long>());
    }

    [Fact]
    public void LastAxis_Ties_ReturnLowestIndex()
    {
        // Act
        var output = Argmax.LastAxis(TensorData.FromFloats([0.2f, 0.4f, 0.4f, 0.1f], 4));

        // Assert
        Assert.Empty(output.Shape);
        Assert.Equal([1L], output.As<long>());
    }

    [Fact]
    public void LastAxis_NaN_WinsLikeNumpy()
    {
        // Act
        var output = Argmax.LastAxis(TensorData.FromFloats([5f, float.NaN, 9f, float.NaN], 4));

        // Assert
        Assert.Equal([1L], output.As<long>());
    }

    [Fact]
    public void LastAxis_Rank3Double_DropsOnlyTheLastAxis()
    {
        // Arrange
        var data = new double[] { 1, 3, 2, 9, 8, 7, -1, -2, -0.5, 4, 4, 5 };
        var input = TensorData.Create(TensorDataType.Double, data, 2, 2, 3);

        // Act
        var output = Argmax.LastAxis(input);

        // Assert
        Assert.Equal([2L, 2L], output.Shape);
        Assert.Equal([1L, 0L, 2L, 2L], output.As<long>());
    }

    [Fact]
    public void LastAxis_Int32AndInt64_AreSupported()
    {
        // Arrange
        var ints = TensorData.Create(TensorDataType.Int32, new[] { -5, -2, -9 }, 1, 3);
        var longs = TensorData.Create(TensorDataType.Int64, new[] { long.MinValue, long.MaxValue }, 1, 2);

        // Act / Assert
        Assert.Equal([1L], Argmax.LastAxis(ints).As<long>());
        Assert.Equal([1L], Argmax.LastAxis(longs).As<long>());
    }

    [Fact]
    public void LastAxis_BFloat16_ComparesAsFloats()
    {
        // Arrange: 1.0 = 0x3F80, -2.0 = 0xC000, 3.0 = 0x4040 (raw bits compare in a different order).
        var input = TensorData.Create(TensorDataType.BFloat16, new ushort[] { 0x3F80, 0xC000, 0x4040 }, 3);

        // Act / Assert
        Assert.Equal([2L], Argmax.LastAxis(input).As<long>());
    }

    [Fact]
    public void LastAxis_EmptyLastAxis_Throws()
    {
        // Act / Assert
        Assert.Throws<ArgumentException>(() => Argmax.LastAxis(TensorData.FromFloats([], 2, 0)));
    }

    [Fact]
    public void LastAxis_EmptyBatch_ReturnsEmptyTensor()
    {
        // Act
        var output = Argmax.LastAxis(TensorData.FromFloats([], 0, 3));

        // Assert
        Assert.Equal([0L], output.Shape);
        Assert.Empty(output.As<long>());
    }

    [Fact]
    public void LastAxis_StringTensor_Throws()
    {
        // Act / Assert
        Assert.Throws<ArgumentException>(() => Argmax.LastAxis(TensorData.FromBytes([[1]], 1)));
    }
}
