using ModelServing.Core.PostProcessing;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.PostProcessing;

public class SoftmaxTests
{
    [Fact]
    public void Apply_RandomLogits_MatchesDoubleReference()
    {
        // Arrange
        var random = new Random(7);
        var logits = new float[1000];
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)((random.NextDouble() * 20) - 10);
        }

        var destination = new float[logits.Length];

        // Act
        Softmax.Apply(logits, destination);

        // Assert
        var expected = Reference(logits);
        for (var i = 0; i < logits.Length; i++)
        {
            Assert.Equal(expected[i], destination[i], 1e-6);
        }
    }

    [Fact]
    public void Apply_LargeLogits_StaysFiniteAndMatchesShiftedReference()
    {
        // Arrange: exp(1000) overflows float and double; the shifted form does not.
        float[] logits = [1000f, 1001f, 1002f, -1e30f];
        var destination = new float[4];

        // Act
        Softmax.Apply(logits, destination);

        // Assert
        var expected = Reference([0f, 1f, 2f, float.NegativeInfinity]);
        for (var i = 0; i < logits.Length; i++)
        {
            Assert.True(float.IsFinite(destination[i]));
            Assert.Equal(expected[i], destination[i], 1e-6);
        }

        Assert.Equal(1.0, destination.Sum(v => (double)v), 1e-6);
    }

    [Fact]
    public void Apply_SameSpanAsDestination_ComputesInPlace()
    {
        // Arrange
        float[] values = [1f, 2f, 3f];
        var expected = Reference(values);

        // Act
        Softmax.Apply(values, values);

        // Assert
        Assert.Equal(expected[0], values[0], 1e-6);
        Assert.Equal(expected[1], values[1], 1e-6);
        Assert.Equal(expected[2], values[2], 1e-6);
    }

    [Fact]
    public void Apply_NaNLogit_WritesNaN()
    {
        // Arrange
        var destination = new float[2];

        // Act
        Softmax.Apply([1f, float.NaN], destination);

        // Assert
        Assert.All(destination, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Apply_DestinationTooShort_Throws()
    {
        // Act / Assert
        Assert.Throws<ArgumentException>(() => Softmax.Apply([1f, 2f], new float[1]));
    }

    [Fact]
    public void ApplyLastAxis_Rank3Tensor_NormalisesEachRowAndKeepsShape()
    {
        // Arrange
        var data = Enumerable.Range(0, 24).Select(i => (float)((i * 37 % 11) - 5)).ToArray();
        var input = TensorData.FromFloats(data, 2, 3, 4);

        // Act
        var output = Softmax.ApplyLastAxis(input);

        // Assert
        Assert.Equal(TensorDataType.Float, output.DataType);
        Assert.Equal([2L, 3L, 4L], output.Shape);
        var result = output.As<float>();
        for (var row = 0; row < 6; row++)
        {
            var expected = Reference(data.AsSpan(row * 4, 4).ToArray());
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(expected[c], result[(row * 4) + c], 1e-6);
            }
        }

        Assert.Equal((float)((0 * 37 % 11) - 5), data[0]);
    }

    [Fact]
    public void ApplyLastAxis_Rank1Tensor_ReturnsOneDistribution()
    {
        // Act
        var output = Softmax.ApplyLastAxis(TensorData.FromFloats([0f, 0f], 2));

        // Assert
        Assert.Equal([0.5f, 0.5f], output.As<float>());
    }

    [Fact]
    public void ApplyLastAxis_IntegerTensor_Throws()
    {
        // Arrange
        var input = TensorData.Create(TensorDataType.Int32, new[] { 1, 2 }, 2);

        // Act / Assert
        var error = Assert.Throws<ArgumentException>(() => Softmax.ApplyLastAxis(input));
        Assert.Contains("float", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyLastAxis_Scalar_Throws()
    {
        // Act / Assert
        Assert.Throws<ArgumentException>(() => Softmax.ApplyLastAxis(TensorData.FromFloats([1f])));
    }

    private static double[] Reference(float[] logits)
    {
        var max = logits.Max(v => (double)v);
        var exps = logits.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exps.Sum();
        return exps.Select(e => e / sum).ToArray();
    }
}
