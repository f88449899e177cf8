using ModelServing.Imaging.Resizing;

namespace ModelServing.Imaging.Tests.Resizing;

public sealed class AxisWeightsTests
{
    [Theory]
    [InlineData(Interpolation.Bilinear, 100, 7)]
    [InlineData(Interpolation.Bilinear, 7, 100)]
    [InlineData(Interpolation.Bilinear, 1, 9)]
    [InlineData(Interpolation.Area, 1000, 3)]
    [InlineData(Interpolation.Area, 3, 1000)]
    [InlineData(Interpolation.Area, 481, 224)]
    [InlineData(Interpolation.Area, 1, 1)]
    public void Create_AnySizes_WeightsSumToOneInsideTheSource(Interpolation interpolation, int source, int output)
    {
        using var weights = AxisWeights.Create(interpolation, source, source / (double)output, 0, output);

        for (var i = 0; i < output; i++)
        {
            Assert.InRange(weights.Starts[i], 0, source - weights.Taps);
            var sum = weights.Weights.AsSpan(i * weights.Taps, weights.Taps).ToArray().Sum(w => (double)w);
            Assert.Equal(1.0, sum, 1e-6);
        }

        Assert.InRange(weights.SourceMin, 0, source);
        Assert.InRange(weights.SourceMax, weights.SourceMin, source);
    }

    [Fact]
    public void Create_BilinearHalving_AveragesPixelPairs()
    {
        using var weights = AxisWeights.Create(Interpolation.Bilinear, 8, 2.0, 0, 4);

        // Centre of output x is 2x + 0.5: halfway between source 2x and 2x + 1.
        Assert.Equal([0, 2, 4, 6], weights.Starts.Take(4));
        Assert.All(weights.Weights.Take(8), w => Assert.Equal(0.5f, w));
    }

    [Fact]
    public void Create_CroppedRange_StartsAtTheFirstVisibleOutput()
    {
        using var all = AxisWeights.Create(Interpolation.Area, 90, 90 / 68.0, 0, 68);
        using var visible = AxisWeights.Create(Interpolation.Area, 90, 90 / 68.0, 19, 30);

        Assert.Equal(all.Starts.Skip(19).Take(30), visible.Starts.Take(30));
        Assert.Equal(all.Weights.Skip(19 * all.Taps).Take(30 * all.Taps), visible.Weights.Take(30 * visible.Taps));
    }
}
