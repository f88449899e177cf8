using ModelServing.Core.PostProcessing;

namespace ModelServing.Core.Tests.PostProcessing;

public class ConnectedRegionsTests
{
    [Fact]
    public void Find_DiagonalNeighbours_AreOneRegion()
    {
        // Arrange
        var map = Map(
            "X...",
            ".X..",
            "..X.",
            "....");

        // Act
        using var regions = ConnectedRegions.Find(map.Data, map.Height, map.Width, 0.3f, dilate: false);

        // Assert
        Assert.Equal(1, regions.Count);
        Assert.Equal([new(0, 0, 0), new(1, 1, 1), new(2, 2, 2)], regions.Region(0).ToArray());
    }

    [Fact]
    public void Find_UShapeJoinedAtTheBottom_IsOneRegionNumberedByItsFirstPixel()
    {
        // Arrange: the two arms start as separate regions and merge on the last row; a third blob sits apart.
        var map = Map(
            "X.X..X",
            "X.X...",
            "XXX...");

        // Act
        using var regions = ConnectedRegions.Find(map.Data, map.Height, map.Width, 0.3f, dilate: false);

        // Assert
        Assert.Equal(2, regions.Count);
        Assert.Equal(7, regions.Region(0).ToArray().Sum(r => r.End - r.Start + 1));
        Assert.Equal([new(0, 5, 5)], regions.Region(1).ToArray());
    }

    [Fact]
    public void Find_ValuesAtTheThreshold_AreBackground()
    {
        // Arrange
        float[] map = [0.3f, 0.30001f];

        // Act
        using var regions = ConnectedRegions.Find(map, 1, 2, 0.3f, dilate: false);

        // Assert
        Assert.Equal([new(0, 1, 1)], regions.Region(0).ToArray());
    }

    [Fact]
    public void Find_Dilation_BridgesAOnePixelGapLikeOpenCv()
    {
        // Arrange
        var map = Map(
            "X.X.",
            "....");

        // Act
        using var plain = ConnectedRegions.Find(map.Data, map.Height, map.Width, 0.3f, dilate: false);
        using var dilated = ConnectedRegions.Find(map.Data, map.Height, map.Width, 0.3f, dilate: true);

        // Assert: a 2x2 kernel with anchor (1, 1) grows each pixel right and down.
        Assert.Equal(2, plain.Count);
        Assert.Equal(1, dilated.Count);
        Assert.Equal([new(0, 0, 3), new(1, 0, 3)], dilated.Region(0).ToArray());
    }

    private static ProbabilityMap Map(params string[] rows)
    {
        var map = new ProbabilityMap(rows.Length, rows[0].Length);
        for (var y = 0; y < rows.Length; y++)
        {
            for (var x = 0; x < rows[y].Length; x++)
            {
                map.Data[(y * map.Width) + x] = rows[y][x] == 'X' ? 0.9f : 0f;
            }
        }

        return map;
    }
}
