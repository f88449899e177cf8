using ModelServing.Core.Pipeline;
using ModelServing.Imaging.Graph;

namespace ModelServing.Imaging.Tests.Graph;

public sealed class PerspectiveCropTests
{
    /// <summary>A 40x30 image whose pixel (x, y) is (x, y, x + y).</summary>
    private static PixelImage Gradient()
    {
        var rgb = new byte[40 * 30 * 3];
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                rgb[((y * 40) + x) * 3] = (byte)x;
                rgb[(((y * 40) + x) * 3) + 1] = (byte)y;
                rgb[(((y * 40) + x) * 3) + 2] = (byte)(x + y);
            }
        }

        return new PixelImage(rgb, 40, 30);
    }

    private static byte[] Pixel(PixelImage image, int x, int y) => image.Rgb.AsSpan(((y * image.Width) + x) * 3, 3).ToArray();

    [Fact]
    public void Crop_UprightRectangle_IsExactlyThePixelsInside()
    {
        var crop = PerspectiveCrop.Crop(Gradient(), [(5, 4), (25, 4), (25, 14), (5, 14)], 1.5);

        Assert.Equal((20, 10), (crop.Width, crop.Height));
        Assert.Equal([5, 4, 9], Pixel(crop, 0, 0));
        Assert.Equal([24, 13, 37], Pixel(crop, 19, 9));
    }

    [Fact]
    public void Crop_TallRegion_IsTurnedCounterClockwiseLikeNpRot90()
    {
        var crop = PerspectiveCrop.Crop(Gradient(), [(10, 2), (14, 2), (14, 22), (10, 22)], 1.5);

        // 4 wide, 20 high: turned to 20 wide, 4 high; the old top-right corner comes to the top-left.
        Assert.Equal((20, 4), (crop.Width, crop.Height));
        Assert.Equal([13, 2, 15], Pixel(crop, 0, 0));
        Assert.Equal([10, 21, 31], Pixel(crop, 19, 3));
    }

    [Fact]
    public void Crop_TiltedQuad_IsRectifiedToItsSideLengths()
    {
        // A parallelogram leaning right by 3 px over its height: rows of the crop follow the lean.
        var crop = PerspectiveCrop.Crop(Gradient(), [(5, 5), (25, 5), (28, 15), (8, 15)], 1.5);

        Assert.Equal(20, crop.Width);
        Assert.Equal(10, crop.Height);
        Assert.Equal([5, 5, 10], Pixel(crop, 0, 0));
        Assert.InRange(Pixel(crop, 0, 9)[0], 7, 9);
    }

    [Fact]
    public void Crop_WithMargin_GrowsEverySideByThatShareOfTheShorterSide()
    {
        var crop = PerspectiveCrop.Crop(Gradient(), [(10, 10), (30, 10), (30, 20), (10, 20)], 1.5, margin: 0.2);

        // 20 x 10 grown by 2 px on every side: 24 x 14, the old top-left now at (2, 2).
        Assert.Equal((24, 14), (crop.Width, crop.Height));
        Assert.Equal([8, 8, 16], Pixel(crop, 0, 0));
        Assert.Equal([10, 10, 20], Pixel(crop, 2, 2));
    }
}
