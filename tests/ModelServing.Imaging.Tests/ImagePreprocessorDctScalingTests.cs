using ModelServing.Imaging.Codecs;
using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests;

public sealed class ImagePreprocessorDctScalingTests
{
    [Theory]
    [InlineData(1920, 1080, 224, 224, 4)] // 1/4: 480 x 270 covers 224; 1/8 (240 x 135) does not
    [InlineData(1920, 1080, 86, 48, 8)] // PP-OCR cls content of a 16:9 photo
    [InlineData(640, 480, 224, 224, 2)]
    [InlineData(300, 300, 224, 224, 1)]
    [InlineData(1920, 1080, 1920, 1080, 1)]
    [InlineData(1921, 1081, 241, 136, 8)] // TurboJPEG rounds scaled sides up: ceil(1921 / 8) = 241
    [InlineData(1921, 1081, 242, 136, 4)]
    public void ChooseScaleDenominator_ContentSize_PicksSmallestDecodeStillCoveringIt(
        int width, int height, int contentWidth, int contentHeight, int expected)
    {
        Assert.Equal(expected, JpegCodec.ChooseScaleDenominator(width, height, contentWidth, contentHeight));
    }

    [Fact]
    public void Process_LargeJpegToSmallTarget_EqualsReferenceResizeOfDjpegQuarterScale()
    {
        var jpeg = TestImages.Jpeg(960, 544, "-quality 90");
        var quarter = ExternalTools.Djpeg(jpeg, TestImages.Directory, "-scale 1/4");
        var spec = ImagePreprocessorResizeTests.Spec(112, 112) with { Interpolation = Interpolation.Area };

        var tensor = ImagePreprocessorResizeTests.Run(jpeg, spec);

        Assert.Equal((240, 136), (quarter.Width, quarter.Height));
        var reference = ReferenceResize.Resize(quarter, 112, 112, Interpolation.Area);
        for (var i = 0; i < tensor.Length; i++)
        {
            Assert.Equal(reference[i / 3 / 112, i / 3 % 112, i % 3], tensor[i], 1e-4);
        }
    }

    [Theory]
    // Measured: area 0.61 of 255, both sides being antialiased. Bilinear 2.42: without antialiasing, bilinear from the full
    // image samples its pixel noise at 8.6x decimation while the DCT-scaled decode has already averaged it away.
    [InlineData(Interpolation.Area, 1.0)]
    [InlineData(Interpolation.Bilinear, 4.0)]
    public void Process_DctScaling_StaysCloseToFullDecodeThenResize(Interpolation interpolation, double meanTolerance)
    {
        var jpeg = TestImages.Jpeg(960, 544, "-quality 90");
        var spec = ImagePreprocessorResizeTests.Spec(112, 112) with { Interpolation = interpolation };

        var scaled = ImagePreprocessorResizeTests.Run(jpeg, spec);
        var full = ImagePreprocessorResizeTests.Run(jpeg, spec with { DctScaling = false });

        var mean = scaled.Zip(full, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(mean > 0, "the DCT-scaled path was not taken");
        Assert.True(mean < meanTolerance, $"mean abs difference {mean} of 255");
    }
}
