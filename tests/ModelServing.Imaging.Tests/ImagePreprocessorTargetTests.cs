using System.Runtime.InteropServices;
using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests;

/// <summary>The PaddleOCR preprocessing recipes end to end: geometry, normalization, channel order and padding.</summary>
public sealed class ImagePreprocessorTargetTests
{
    [Fact]
    public void Process_PpOcrClassifierRecipe_WritesNormalizedBgrLineAndPadsTheRightWithZero()
    {
        var source = TestImages.Source(50, 25);
        var spec = new ImagePreprocessSpec
        {
            Target = ImageTargetSize.HeightWidthUpTo(48, 192),
            PadSide = PadSide.Right,
            ChannelOrder = ChannelOrder.Bgr,
            Mean = [0.5f],
            Std = [0.5f],
        };
        var tensor = new float[3 * 48 * 192];

        var geometry = ImagePreprocessor.Process(TestImages.PngRgb(source), spec, MemoryMarshal.AsBytes(tensor.AsSpan()));

        Assert.Equal(new ImageGeometry(50, 25, 192, 48, 96, 48, 0, 0, 96 / 50.0, 48 / 25.0), geometry);
        var reference = ReferenceResize.Resize(source, 96, 48, Interpolation.Bilinear);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 48; y++)
            {
                for (var x = 0; x < 192; x++)
                {
                    var expected = x < 96 ? ((reference[y, x, 2 - c] / 255.0) - 0.5) / 0.5 : 0.0;
                    Assert.Equal(expected, tensor[(((c * 48) + y) * 192) + x], 1e-5);
                }
            }
        }
    }

    [Fact]
    public void Process_DetectorRecipe_ResizesJpegToMultiplesOf32LikeDetResizeForTest()
    {
        var jpeg = TestImages.Jpeg(640, 360, "-quality 92");
        var decoded = ExternalTools.Djpeg(jpeg, TestImages.Directory);
        float[] mean = [0.485f, 0.456f, 0.406f];
        float[] std = [0.229f, 0.224f, 0.225f];
        var spec = new ImagePreprocessSpec { Target = ImageTargetSize.MultipleOf(32, 320), ChannelOrder = ChannelOrder.Bgr, Mean = mean, Std = std };
        var geometry = ImagePreprocessor.Plan(ImageDecoder.ReadHeader(jpeg), spec);
        var tensor = new float[3 * geometry.TensorHeight * geometry.TensorWidth];

        ImagePreprocessor.Process(jpeg, spec, MemoryMarshal.AsBytes(tensor.AsSpan()));

        // ratio 0.5: 320 x 180; 180 / 32 = 5.625 -> 6 -> 192. A 192-row content needs the full-size decode (360 / 2 < 192).
        Assert.Equal(new ImageGeometry(640, 360, 320, 192, 320, 192, 0, 0, 0.5, 192 / 360.0), geometry);
        var reference = ReferenceResize.Resize(decoded, 320, 192, Interpolation.Bilinear);
        var worst = 0.0;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 192; y++)
            {
                for (var x = 0; x < 320; x++)
                {
                    var expected = ((reference[y, x, 2 - c] / 255.0) - mean[c]) / std[c];
                    worst = Math.Max(worst, Math.Abs(expected - tensor[(((c * 192) + y) * 320) + x]));
                }
            }
        }

        Assert.True(worst < 1e-5, $"max abs difference {worst}");
    }
}
