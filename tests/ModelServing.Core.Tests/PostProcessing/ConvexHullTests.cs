using ModelServing.Core.PostProcessing;

namespace ModelServing.Core.Tests.PostProcessing;

public class ConvexHullTests
{
    [Fact]
    public void Compute_SquareWithInteriorAndEdgePoints_ReturnsTheFourCornersCounterClockwise()
    {
        // Arrange
        PointD[] points = [new(2, 2), new(0, 0), new(4, 4), new(4, 0), new(0, 4), new(2, 0), new(1, 3), new(0, 0)];
        var hull = new PointD[2 * points.Length];

        // Act
        var count = ConvexHull.Compute(points, hull);

        // Assert
        Assert.Equal([new(0, 0), new(4, 0), new(4, 4), new(0, 4)], hull[..count]);
    }

    [Fact]
    public void Compute_CollinearPoints_ReturnsTheEndpoints()
    {
        // Arrange
        PointD[] points = [new(3, 3), new(1, 1), new(2, 2), new(0, 0)];
        var hull = new PointD[8];

        // Act
        var count = ConvexHull.Compute(points, hull);

        // Assert
        Assert.Equal([new(0, 0), new(3, 3)], hull[..count]);
    }

    [Fact]
    public void Compute_RepeatedSinglePoint_ReturnsOnePoint()
    {
        // Arrange
        PointD[] points = [new(5, 7), new(5, 7)];
        var hull = new PointD[4];

        // Act / Assert
        Assert.Equal(1, ConvexHull.Compute(points, hull));
        Assert.Equal(new PointD(5, 7), hull[0]);
    }
}
