using ModelServing.Core.PostProcessing;

namespace ModelServing.Core.Tests.PostProcessing;

public class DbPostProcessorTests
{
    private static readonly DbOptions s_defaults = new();

    [Fact]
    public void Extract_AxisAlignedRectangle_ReturnsItGrownByTheUnclipDistance()
    {
        // Arrange: pixel centres span 59 x 19, so d = 59 * 19 * 1.5 / (2 * 78) = 10.78.
        var map = new ProbabilityMap(100, 200).FillRect(20, 30, 79, 49, 0.9f);

        // Act
        var boxes = Extract(map, s_defaults);

        // Assert
        var box = Assert.Single(boxes);
        Assert.Equal([(9f, 19f), (90f, 19f), (90f, 60f), (9f, 60f)], box.Points);
        Assert.Equal(0.9f, box.Score, 5);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(-15)]
    [InlineData(60)]
    public void Extract_RotatedRectangle_BoxCoversTheGrownRectangle(double degrees)
    {
        // Arrange: the region's pixel centres span about (w - 1) x (h - 1), which unclip then grows by d on each side.
        const double Cx = 150, Cy = 120, W = 140, H = 30;
        var map = new ProbabilityMap(240, 300).FillRotatedRect(Cx, Cy, W, H, degrees, 0.8f);
        var (w, h) = (W - 1, H - 1);
        var d = w * h * 1.5 / (2 * (w + h));
        var expected = ProbabilityMap.RotatedCorners(Cx, Cy, w + (2 * d), h + (2 * d), degrees);

        // Act
        var boxes = Extract(map, s_defaults);

        // Assert
        var box = Assert.Single(boxes);
        Assert.True(ConvexPolygons.IoU(box.Points, expected) > 0.9, $"IoU {ConvexPolygons.IoU(box.Points, expected)}");
        Assert.Equal(0.8f, box.Score, 2);
        AssertClockwiseFromTopLeft(box.Points);
    }

    [Fact]
    public void Extract_RegionBelowBoxThreshold_IsDropped()
    {
        // Arrange: 0.5 is text for the 0.3 pixel threshold but below the 0.6 box threshold.
        var map = new ProbabilityMap(60, 100).FillRect(10, 10, 80, 30, 0.5f);

        // Act / Assert
        Assert.Empty(Extract(map, s_defaults));
        Assert.Single(Extract(map, s_defaults with { BoxThreshold = 0.45f }));
    }

    [Fact]
    public void Extract_RegionShorterThanMinSize_IsDropped()
    {
        // Arrange: 3 pixel rows have centres 2 apart, below MinSize 3; 4 rows reach it.
        var map = new ProbabilityMap(40, 100).FillRect(10, 5, 80, 7, 0.9f).FillRect(10, 20, 80, 23, 0.9f);

        // Act
        var boxes = Extract(map, s_defaults);

        // Assert
        var box = Assert.Single(boxes);
        Assert.True(box.Points[0].Y > 10);
    }

    [Fact]
    public void Extract_BoxShorterThanMinSizePlusTwoAfterUnclip_IsDropped()
    {
        // Arrange: without growth a short side of 3 passes MinSize but not MinSize + 2; 5 passes both.
        var options = s_defaults with { UnclipRatio = 0 };
        var map = new ProbabilityMap(40, 100).FillRect(10, 5, 80, 8, 0.9f).FillRect(10, 20, 80, 25, 0.9f);

        // Act
        var boxes = Extract(map, options);

        // Assert
        var box = Assert.Single(boxes);
        Assert.Equal([(10f, 20f), (80f, 20f), (80f, 25f), (10f, 25f)], box.Points);
    }

    [Fact]
    public void Extract_Scales_MapsToOriginalPixelsAndClampsAtTheBorder()
    {
        // Arrange: the second region touches the map's bottom-right corner, so its grown box leaves the image.
        var map = new ProbabilityMap(64, 64).FillRect(10, 10, 29, 19, 0.9f).FillRect(40, 50, 63, 63, 0.9f);

        // Act
        var boxes = DbPostProcessor.Extract(map.Data, 64, 64, s_defaults, 2.5, 3.0, 160, 192);

        // Assert: d = 19 * 9 * 1.5 / 56 = 4.58 -> x 5.42..33.58, y 5.42..23.58, then scaled.
        Assert.Equal(2, boxes.Count);
        Assert.Equal([(14f, 16f), (84f, 16f), (84f, 71f), (14f, 71f)], boxes[0].Points);
        Assert.Equal((160f, 192f), boxes[1].Points[2]);
        Assert.All(boxes[1].Points, p => Assert.InRange(p.X, 0, 160));
    }

    [Fact]
    public void Extract_SeveralRegions_ReturnsReadingOrder()
    {
        // Arrange: a line of two words (the right one 3 pixels higher) above a second line.
        var map = new ProbabilityMap(120, 200)
            .FillRect(110, 17, 170, 32, 0.9f)
            .FillRect(10, 20, 90, 35, 0.9f)
            .FillRect(10, 70, 150, 90, 0.9f);

        // Act
        var boxes = Extract(map, s_defaults);

        // Assert
        Assert.Equal(3, boxes.Count);
        Assert.True(boxes[0].Points[0].X < boxes[1].Points[0].X);
        Assert.True(boxes[1].Points[0].Y < boxes[0].Points[0].Y);
        Assert.True(boxes[2].Points[0].Y > boxes[0].Points[3].Y);
    }

    [Fact]
    public void Extract_EmptyMap_ReturnsNoBoxes()
    {
        // Act / Assert
        Assert.Empty(Extract(new ProbabilityMap(32, 32), s_defaults));
        Assert.Empty(DbPostProcessor.Extract([], 0, 0, s_defaults, 1, 1, 0, 0));
    }

    [Fact]
    public void Extract_MaxCandidates_ExaminesOnlyTheFirstRegionsInRasterOrder()
    {
        // Arrange
        var map = new ProbabilityMap(100, 100)
            .FillRect(10, 10, 50, 20, 0.9f)
            .FillRect(10, 40, 50, 50, 0.9f)
            .FillRect(10, 70, 50, 80, 0.9f);

        // Act
        var boxes = Extract(map, s_defaults with { MaxCandidates = 2 });

        // Assert
        Assert.Equal(2, boxes.Count);
        Assert.All(boxes, b => Assert.True(b.Points[2].Y < 70));
    }

    [Fact]
    public void Extract_SlowScore_AveragesTheRegionNotItsRectangle()
    {
        // Arrange: an L whose minimum-area rectangle is mostly background.
        var map = new ProbabilityMap(100, 100).FillRect(10, 10, 69, 19, 0.9f).FillRect(10, 10, 19, 69, 0.9f);

        // Act
        var fast = Extract(map, s_defaults);
        var slow = Extract(map, s_defaults with { ScoreMode = DbScoreMode.Slow });

        // Assert
        Assert.Empty(fast);
        Assert.Equal(0.9f, Assert.Single(slow).Score, 5);
    }

    [Fact]
    public void Extract_Dilation_MergesRegionsSplitByOnePixel()
    {
        // Arrange
        var map = new ProbabilityMap(40, 120).FillRect(10, 10, 50, 25, 0.9f).FillRect(52, 10, 100, 25, 0.9f);

        // Act
        var plain = Extract(map, s_defaults);
        var dilated = Extract(map, s_defaults with { UseDilation = true });

        // Assert
        Assert.Equal(2, plain.Count);
        Assert.Single(dilated);
    }

    [Fact]
    public void Extract_FullPageMaps_StayLinear()
    {
        // Arrange: 960x960 pages: one with 600 word blocks and speckle, a full map, and a checkerboard (one huge
        // diagonal region with one run per foreground pixel).
        var words = new ProbabilityMap(960, 960);
        var random = new Random(3);
        for (var row = 0; row < 30; row++)
        {
            for (var column = 0; column < 20; column++)
            {
                words.FillRect((column * 48) + 4, (row * 32) + 6, (column * 48) + 40, (row * 32) + 20, 0.95f);
            }
        }

        for (var i = 0; i < 5000; i++)
        {
            words.Data[random.Next(words.Data.Length)] = 0.99f;
        }

        var full = new ProbabilityMap(960, 960);
        full.Data.AsSpan().Fill(0.9f);
        var checkerboard = new ProbabilityMap(960, 960);
        for (var i = 0; i < checkerboard.Data.Length; i++)
        {
            checkerboard.Data[i] = ((i / 960) + (i % 960)) % 2 == 0 ? 0.9f : 0f;
        }

        // Act
        var wordBoxes = Extract(words, s_defaults with { MaxCandidates = 10_000 });
        var fullBoxes = Extract(full, s_defaults);
        var checkerboardBoxes = Extract(checkerboard, s_defaults);

        // Assert
        Assert.Equal(600, wordBoxes.Count);
        Assert.Equal([(0f, 0f), (960f, 0f), (960f, 960f), (0f, 960f)], Assert.Single(fullBoxes).Points);
        Assert.Empty(checkerboardBoxes);
    }

    [Fact]
    public void Extract_MapLengthMismatch_Throws()
    {
        // Act / Assert
        Assert.Throws<ArgumentException>(() => DbPostProcessor.Extract(new float[10], 3, 3, s_defaults, 1, 1, 3, 3));
    }

    [Fact]
    public void Extract_InvalidOptions_ReportsEveryField()
    {
        // Arrange
        var options = new DbOptions { Threshold = 1.5f, MaxCandidates = 0, UnclipRatio = float.NaN };

        // Act
        var error = Assert.Throws<ArgumentException>(() => DbPostProcessor.Extract(new float[4], 2, 2, options, 1, 1, 2, 2));

        // Assert
        Assert.Contains("threshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("maxCandidates", error.Message, StringComparison.Ordinal);
        Assert.Contains("unclipRatio", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, options.Validate().Count);
    }

    private static IReadOnlyList<TextBox> Extract(ProbabilityMap map, DbOptions options) =>
        DbPostProcessor.Extract(map.Data, map.Height, map.Width, options, 1, 1, map.Width, map.Height);

    private static void AssertClockwiseFromTopLeft(IReadOnlyList<(float X, float Y)> points)
    {
        // With y pointing down, clockwise on screen has a positive shoelace sum.
        double twice = 0;
        for (var i = 0; i < 4; i++)
        {
            var (a, b) = (points[i], points[(i + 1) % 4]);
            twice += (a.X * b.Y) - (b.X * a.Y);
        }

        Assert.True(twice > 0);
        Assert.True(points[0].X <= points[2].X && points[0].X <= points[1].X);
        Assert.True(points[0].Y <= points[3].Y);
    }
}
