using ModelServing.Core.PostProcessing;

namespace ModelServing.Core.Tests.PostProcessing;

public class MinAreaRectTests
{
    [Fact]
    public void Compute_AxisAlignedRectangle_ReturnsItself()
    {
        // Act
        var rect = Of(new(2, 3), new(12, 3), new(12, 7), new(2, 7), new(5, 5));

        // Assert
        Assert.Equal(40, rect.Area, 9);
        Assert.Equal(4, rect.ShortSide, 9);
        Assert.Equal(7, rect.Center.X, 9);
        Assert.Equal(5, rect.Center.Y, 9);
    }

    [Fact]
    public void Compute_Diamond_ReturnsTheRotatedSquare()
    {
        // Act
        var rect = Of(new(0, 1), new(1, 0), new(2, 1), new(1, 2));

        // Assert
        Assert.Equal(2, rect.Area, 9);
        Assert.Equal(Math.Sqrt(2), rect.Width, 9);
        Assert.Equal(Math.Sqrt(2), rect.Height, 9);
        Assert.Equal(Math.Sqrt(0.5), Math.Abs(rect.Axis.X), 9);
    }

    [Fact]
    public void Compute_RightTriangle_HasTwiceTheTriangleArea()
    {
        // Act
        var rect = Of(new(0, 0), new(4, 0), new(0, 3));

        // Assert
        Assert.Equal(12, rect.Area, 9);
    }

    [Fact]
    public void Compute_RotatedRectangleCorners_RecoversSidesAndAngle()
    {
        // Arrange
        var corners = ProbabilityMap.RotatedCorners(50, 40, 60, 20, 30);

        // Act
        var rect = Of(corners.Select(c => new PointD(c.X, c.Y)).ToArray());

        // Assert
        Assert.Equal(60, Math.Max(rect.Width, rect.Height), 4);
        Assert.Equal(20, rect.ShortSide, 4);
        Assert.Equal(50, rect.Center.X, 4);
        Assert.Equal(40, rect.Center.Y, 4);
        var longAxis = rect.Width >= rect.Height ? rect.Axis : new PointD(-rect.Axis.Y, rect.Axis.X);
        var degrees = Math.Atan2(longAxis.Y, longAxis.X) * 180 / Math.PI;
        Assert.Equal(30, ((degrees % 180) + 180) % 180, 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Compute_RandomPointSets_MatchesBruteForceAndEnclosesEveryPoint(int seed)
    {
        // Arrange
        var random = new Random(seed);
        var points = Enumerable.Range(0, 200)
            .Select(_ => new PointD(random.Next(-500, 500), random.Next(-100, 100) + (random.NextDouble() * 0.5)))
            .ToArray();
        var hull = new PointD[points.Length * 2];
        var count = ConvexHull.Compute(points.ToArray(), hull);

        // Act
        var rect = MinAreaRect.Compute(hull.AsSpan(0, count));

        // Assert
        Assert.Equal(BruteForceArea(hull[..count]), rect.Area, 6);
        var normal = new PointD(-rect.Axis.Y, rect.Axis.X);
        foreach (var p in points)
        {
            var offset = p - rect.Center;
            Assert.True(Math.Abs(PointD.Dot(offset, rect.Axis)) <= (rect.Width / 2) + 1e-6);
            Assert.True(Math.Abs(PointD.Dot(offset, normal)) <= (rect.Height / 2) + 1e-6);
        }
    }

    [Fact]
    public void Compute_TwoPoints_ReturnsASegmentWithZeroHeight()
    {
        // Act
        var rect = MinAreaRect.Compute([new PointD(0, 0), new PointD(3, 4)]);

        // Assert
        Assert.Equal(5, rect.Width, 9);
        Assert.Equal(0, rect.ShortSide);
    }

    private static RotatedRect Of(params PointD[] points)
    {
        var hull = new PointD[points.Length * 2];
        var count = ConvexHull.Compute(points, hull);
        return MinAreaRect.Compute(hull.AsSpan(0, count));
    }

    // Tries every hull edge as a side, projecting all vertices: O(n^2) but obviously right.
    private static double BruteForceArea(PointD[] hull)
    {
        var best = double.PositiveInfinity;
        for (var i = 0; i < hull.Length; i++)
        {
            var edge = hull[(i + 1) % hull.Length] - hull[i];
            var axis = edge * (1 / edge.Length);
            var normal = new PointD(-axis.Y, axis.X);
            var along = hull.Select(p => PointD.Dot(p, axis)).ToArray();
            var across = hull.Select(p => PointD.Dot(p, normal)).ToArray();
            best = Math.Min(best, (along.Max() - along.Min()) * (across.Max() - across.Min()));
        }

        return best;
    }
}
