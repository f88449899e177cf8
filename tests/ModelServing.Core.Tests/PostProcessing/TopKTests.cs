using ModelServing.Core.PostProcessing;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.PostProcessing;

public class TopKTests
{
    [Fact]
    public void LastAxis_TwoRows_ReturnsBestFirstPerRow()
    {
        // Arrange
        var scores = TensorData.FromFloats([0.1f, 0.6f, 0.3f, 0.7f, 0.2f, 0.1f], 2, 3);

        // Act
        var result = TopK.LastAxis(scores, 2);

        // Assert
        Assert.Equal(2, result.Rows);
        Assert.Equal(2, result.K);
        Assert.Equal([1, 2], result.RowIndices(0).ToArray());
        Assert.Equal([0.6f, 0.3f], result.RowScores(0).ToArray());
        Assert.Equal([0, 1], result.RowIndices(1).ToArray());
        Assert.Equal([0.7f, 0.2f], result.RowScores(1).ToArray());
    }

    [Fact]
    public void LastAxis_EqualScores_LowerIndexFirst()
    {
        // Act
        var result = TopK.LastAxis(TensorData.FromFloats([0.2f, 0.4f, 0.2f, 0.4f, 0.2f], 5), 4);

        // Assert
        Assert.Equal([1, 3, 0, 2], result.RowIndices(0).ToArray());
    }

    [Fact]
    public void LastAxis_KLargerThanClasses_IsClamped()
    {
        // Act
        var result = TopK.LastAxis(TensorData.FromFloats([0.9f, 0.1f], 1, 2), 5);

        // Assert
        Assert.Equal(2, result.K);
        Assert.Equal([0, 1], result.Indices);
        Assert.Equal([0.9f, 0.1f], result.Scores);
    }

    [Fact]
    public void LastAxis_NaN_RanksLast()
    {
        // Act
        var result = TopK.LastAxis(TensorData.FromFloats([float.NaN, 0.5f, -1f], 3), 3);

        // Assert
        Assert.Equal([1, 2, 0], result.Indices);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(200)]
    public void LastAxis_ManyClassesWithTies_MatchesStableSortReference(int k)
    {
        // Arrange: scores quantised to force ties; both the insertion and the sorting path are exercised.
        var random = new Random(k);
        var data = Enumerable.Range(0, 3 * 150).Select(_ => random.Next(20) / 20f).ToArray();
        var scores = TensorData.FromFloats(data, 3, 150);

        // Act
        var result = TopK.LastAxis(scores, k);

        // Assert
        var kept = Math.Min(k, 150);
        Assert.Equal(kept, result.K);
        for (var row = 0; row < 3; row++)
        {
            var expected = Enumerable.Range(0, 150)
                .OrderByDescending(i => data[(row * 150) + i])
                .ThenBy(i => i)
                .Take(kept)
                .ToArray();
            Assert.Equal(expected, result.RowIndices(row).ToArray());
            Assert.Equal(expected.Select(i => data[(row * 150) + i]), result.RowScores(row).ToArray());
        }
    }

    [Fact]
    public void LastAxis_DoubleScores_AreConverted()
    {
        // Arrange
        var scores = TensorData.Create(TensorDataType.Double, new[] { 0.25, 0.75 }, 2);

        // Act
        var result = TopK.LastAxis(scores, 1);

        // Assert
        Assert.Equal([1], result.Indices);
        Assert.Equal([0.75f], result.Scores);
    }

    [Fact]
    public void LastAxis_NonPositiveK_Throws()
    {
        // Act / Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => TopK.LastAxis(TensorData.FromFloats([1f], 1), 0));
    }

    [Fact]
    public void LastAxis_IntegerScores_Throws()
    {
        // Arrange
        var scores = TensorData.Create(TensorDataType.Int32, new[] { 1 }, 1);

        // Act / Assert
        Assert.Throws<ArgumentException>(() => TopK.LastAxis(scores, 1));
    }

    [Fact]
    public void Row_SpanInput_FillsDestinations()
    {
        // Arrange
        var indices = new int[2];
        var scores = new float[2];

        // Act
        TopK.Row([0.3f, 0.1f, 0.6f], indices, scores);

        // Assert
        Assert.Equal([2, 0], indices);
        Assert.Equal([0.6f, 0.3f], scores);
    }

    [Fact]
    public void RowIndices_RowOutOfRange_Throws()
    {
        // Arrange
        var result = TopK.LastAxis(TensorData.FromFloats([1f, 2f], 1, 2), 1);

        // Act / Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => result.RowIndices(1).ToArray());
    }
}
