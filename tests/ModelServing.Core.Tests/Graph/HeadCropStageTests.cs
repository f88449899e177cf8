using ModelServing.Core.Graph.Stages;
using ModelServing.Core.Pipeline;

namespace ModelServing.Core.Tests.Graph;

public sealed class HeadCropStageTests
{
    [Fact]
    public void Head_LineWiderThanMaxAspect_KeepsItsLeftPartRowByRow()
    {
        // 10 x 2 pixels, each pixel's bytes (x, y, x + y) so every kept byte says where it came from.
        var rgb = new byte[10 * 2 * 3];
        for (var y = 0; y < 2; y++)
        {
            for (var x = 0; x < 10; x++)
            {
                var at = ((y * 10) + x) * 3;
                (rgb[at], rgb[at + 1], rgb[at + 2]) = ((byte)x, (byte)y, (byte)(x + y));
            }
        }

        var head = HeadCropStage.Head(new PixelImage(rgb, 10, 2), maxAspect: 2);

        Assert.Equal((4, 2), (head.Width, head.Height));
        Assert.Equal(new byte[] { 0, 0, 0, 1, 0, 1, 2, 0, 2, 3, 0, 3, 0, 1, 1, 1, 1, 2, 2, 1, 3, 3, 1, 4 }, head.Rgb);
    }

    [Fact]
    public void Head_LineNarrowerThanMaxAspect_SameImage()
    {
        var image = new PixelImage(new byte[6 * 2 * 3], 6, 2);

        Assert.Same(image, HeadCropStage.Head(image, maxAspect: 4));
    }
}
