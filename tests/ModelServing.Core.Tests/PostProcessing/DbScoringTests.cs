using ModelServing.Core.PostProcessing;

namespace ModelServing.Core.Tests.PostProcessing;

public class DbScoringTests
{
    [Fact]
    public void PolygonMean_Diamond_CountsExactlyThePixelCentresInside()
    {
        // Arrange: 1 on the 41 pixels with |x - 5| + |y - 5| <= 4, 0 elsewhere.
        var map = Map(11, 11, (x, y) => Math.Abs(x - 5) + Math.Abs(y - 5) <= 4 ? 1f : 0f);
        PointD[] diamond = [new(5, 1), new(9, 5), new(5, 9), new(1, 5)];
        PointD[] square = [new(1, 1), new(9, 1), new(9, 9), new(1, 9)];

        // Act
        var insideDiamond = DbPostProcessor.PolygonMean(map, 11, 11, diamond);
        var insideSquare = DbPostProcessor.PolygonMean(map, 11, 11, square);

        // Assert
        Assert.Equal(1.0, insideDiamond, 12);
        Assert.Equal(41.0 / 81, insideSquare, 12);
    }

    [Fact]
    public void PolygonMean_PixelCentresOnTheBoundary_AreInside()
    {
        // Arrange: the triangle x, y >= 1, x + y <= 10 covers 45 pixel centres, 9 of them on its hypotenuse.
        var map = Map(12, 12, (x, y) => x + y == 10 ? 1f : 0f);
        PointD[] triangle = [new(1, 1), new(9, 1), new(1, 9)];

        // Act
        var mean = DbPostProcessor.PolygonMean(map, 12, 12, triangle);

        // Assert
        Assert.Equal(9.0 / 45, mean, 12);
    }

    [Fact]
    public void PolygonMean_PolygonPartlyOutsideTheMap_UsesOnlyPixelsOnTheMap()
    {
        // Arrange
        var map = Map(4, 4, (x, _) => x);
        PointD[] square = [new(-5, -5), new(1, -5), new(1, 10), new(-5, 10)];

        // Act / Assert: columns 0 and 1 of every row.
        Assert.Equal(0.5, DbPostProcessor.PolygonMean(map, 4, 4, square), 12);
    }

    [Fact]
    public void RegionMean_Runs_AveragesTheirPixels()
    {
        // Arrange
        var map = Map(3, 5, (x, y) => x + (10 * y));
        PixelRun[] runs = [new(0, 1, 3), new(2, 4, 4)];

        // Act / Assert: (1 + 2 + 3 + 24) / 4.
        Assert.Equal(7.5, DbPostProcessor.RegionMean(map, 5, runs), 12);
    }

    private static float[] Map(int height, int width, Func<int, int, float> value)
    {
        var map = new float[height * width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                map[(y * width) + x] = value(x, y);
            }
        }

        return map;
    }
}
