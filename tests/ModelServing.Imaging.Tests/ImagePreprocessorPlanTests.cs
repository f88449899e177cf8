namespace ModelServing.Imaging.Tests;

public sealed class ImagePreprocessorPlanTests
{
    [Theory]
    [InlineData(100, 25, 192, 0)] // aspect 4: ceil(48 * 4) = 192 fills the width exactly
    [InlineData(50, 25, 96, 0)] // aspect 2: 96 wide, padded on the right to 192
    [InlineData(400, 25, 192, 0)] // aspect 16: squeezed to 192 as PaddleOCR resize_norm_img does
    [InlineData(101, 31, 157, 0)] // ceil(48 * 101 / 31) = ceil(156.39) = 157
    [InlineData(10, 500, 1, 0)] // very tall: at least one column
    public void Plan_PpOcrClassifierTarget_MatchesResizeNormImg(int width, int height, int contentWidth, int offsetX)
    {
        var spec = Spec(ImageTargetSize.HeightWidthUpTo(48, 192)) with { PadSide = PadSide.Right };

        var geometry = ImagePreprocessor.Plan(Header(width, height), spec);

        Assert.Equal(new ImageGeometry(width, height, 192, 48, contentWidth, 48, offsetX, 0, contentWidth / (double)width, 48 / (double)height), geometry);
        Assert.Equal([3, 48, 192], ImagePreprocessor.Shape(geometry, spec));
    }

    [Theory]
    [InlineData(50, 25, 1, 96, 96)] // aspect 2: the tensor is as wide as the content, not maxWidth
    [InlineData(50, 25, 120, 96, 120)] // narrower than minWidth: padded to it
    [InlineData(400, 25, 1, 192, 192)] // wider than maxWidth: squeezed to it, as with padTo maxWidth
    public void Plan_HeightWidthToWidest_TensorFollowsTheContentBetweenMinAndMaxWidth(int width, int height, int minWidth, int contentWidth, int tensorWidth)
    {
        var spec = Spec(ImageTargetSize.HeightWidthToWidest(48, 192, minWidth)) with { PadSide = PadSide.Right };

        var geometry = ImagePreprocessor.Plan(Header(width, height), spec);

        Assert.Equal((contentWidth, tensorWidth, 48, 0), (geometry.ContentWidth, geometry.TensorWidth, geometry.TensorHeight, geometry.OffsetX));
    }

    [Fact]
    public void Plan_HeightWidthUpToWithKeepAspectPad_ShrinksTooWideLinesAndCentresThemVertically()
    {
        var spec = Spec(ImageTargetSize.HeightWidthUpTo(48, 192)) with { Mode = ResizeMode.KeepAspectPad, PadSide = PadSide.Right };

        var geometry = ImagePreprocessor.Plan(Header(400, 25), spec);

        Assert.Equal(new ImageGeometry(400, 25, 192, 48, 192, 12, 0, 18, 192 / 400.0, 12 / 25.0), geometry);
    }

    [Fact]
    public void Plan_HeightWidthUpToWithWidthMultiple_RoundsContentWidthUp()
    {
        var spec = Spec(ImageTargetSize.HeightWidthUpTo(48, 320, widthMultiple: 8));

        var geometry = ImagePreprocessor.Plan(Header(101, 31), spec);

        Assert.Equal(160, geometry.ContentWidth);
        Assert.Equal(320, geometry.TensorWidth);
    }

    [Theory]
    [InlineData(1920, 1080, 960, 544)] // ratio 0.5: 960 x 540, 540 / 32 = 16.875 -> 17 * 32
    [InlineData(100, 50, 96, 64)] // no upscaling: 100 / 32 = 3.125 -> 96, 50 / 32 = 1.5625 -> 64
    [InlineData(80, 48, 64, 64)] // Python round is half to even: 2.5 -> 2, 1.5 -> 2
    [InlineData(10, 10, 32, 32)] // at least one multiple
    [InlineData(600, 4000, 128, 960)] // ratio 0.24: int(144.0) = 144, 144 / 32 = 4.5 -> 4 (half to even) -> 128
    public void Plan_DetectorMultipleOf32_MatchesDetResizeForTest(int width, int height, int tensorWidth, int tensorHeight)
    {
        var geometry = ImagePreprocessor.Plan(Header(width, height), Spec(ImageTargetSize.MultipleOf(32, 960)));

        Assert.Equal((tensorWidth, tensorHeight), (geometry.TensorWidth, geometry.TensorHeight));
        Assert.Equal((tensorWidth, tensorHeight), (geometry.ContentWidth, geometry.ContentHeight));
        Assert.Equal((0, 0), (geometry.OffsetX, geometry.OffsetY));
        Assert.Equal(tensorWidth / (double)width, geometry.ScaleX);
        Assert.Equal(tensorHeight / (double)height, geometry.ScaleY);
    }

    [Fact]
    public void Plan_MultipleOfWithMinSide_EnlargesSmallImages()
    {
        var geometry = ImagePreprocessor.Plan(Header(100, 50), Spec(ImageTargetSize.MultipleOf(32, 960, minSide: 736)));

        // ratio = 736 / 50 = 14.72 would make the long side 1472 > 960, so maxSide wins: ratio 9.6 -> 960 x 480.
        Assert.Equal((960, 480), (geometry.TensorWidth, geometry.TensorHeight));
    }

    [Fact]
    public void Plan_MultipleOfWithKeepAspectPad_PadsUpToTheNextMultiple()
    {
        var spec = Spec(ImageTargetSize.MultipleOf(32, 960)) with { Mode = ResizeMode.KeepAspectPad };

        var geometry = ImagePreprocessor.Plan(Header(1920, 1080), spec);

        Assert.Equal(new ImageGeometry(1920, 1080, 960, 544, 960, 540, 0, 0, 0.5, 0.5), geometry);
    }

    [Theory]
    [InlineData(ResizeMode.Stretch, PadSide.BottomRight, 224, 224, 0, 0)]
    [InlineData(ResizeMode.KeepAspectPad, PadSide.BottomRight, 224, 168, 0, 0)]
    [InlineData(ResizeMode.KeepAspectPad, PadSide.Center, 224, 168, 0, 28)]
    [InlineData(ResizeMode.KeepAspectPad, PadSide.Right, 224, 168, 0, 28)]
    [InlineData(ResizeMode.KeepAspectCenterCrop, PadSide.BottomRight, 299, 224, -37, 0)]
    public void Plan_FixedTarget_PlacesContentPerModeAndSide(
        ResizeMode mode, PadSide side, int contentWidth, int contentHeight, int offsetX, int offsetY)
    {
        var spec = Spec(ImageTargetSize.Fixed(224, 224)) with { Mode = mode, PadSide = side };

        var geometry = ImagePreprocessor.Plan(Header(640, 480), spec);

        Assert.Equal(
            new ImageGeometry(640, 480, 224, 224, contentWidth, contentHeight, offsetX, offsetY, contentWidth / 640.0, contentHeight / 480.0),
            geometry);
    }

    [Fact]
    public void Plan_Nhwc_ShapeIsHeightWidthChannels()
    {
        var spec = Spec(ImageTargetSize.Fixed(48, 64)) with { Layout = TensorLayout.Nhwc, Channels = 1, ElementType = ImageElementType.Float16 };

        var geometry = ImagePreprocessor.Plan(Header(10, 10), spec);

        Assert.Equal([48, 64, 1], ImagePreprocessor.Shape(geometry, spec));
        Assert.Equal(48 * 64 * 2, ImagePreprocessor.TensorBytes(geometry, spec));
    }

    [Fact]
    public void ToOriginal_TensorCoordinate_MapsThroughOffsetAndScale()
    {
        var geometry = ImagePreprocessor.Plan(Header(640, 480), Spec(ImageTargetSize.Fixed(224, 224)) with
        {
            Mode = ResizeMode.KeepAspectPad,
            PadSide = PadSide.Center,
        });

        Assert.Equal(0.0, geometry.ToOriginalY(28), 9);
        Assert.Equal(480.0, geometry.ToOriginalY(28 + 168), 9);
        Assert.Equal(640.0, geometry.ToOriginalX(224), 9);
    }

    [Fact]
    public void Plan_TooManyPixels_ThrowsBeforeAnyDecoding()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImagePreprocessor.Plan(Header(50_000, 50_000), Spec(ImageTargetSize.Fixed(8, 8))));

        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.Equal("image is 50000x50000 pixels, more than the 40000000 allowed", error.Message);
    }

    [Fact]
    public void Validate_BadSpec_ReportsEveryProblem()
    {
        var spec = new ImagePreprocessSpec
        {
            Target = ImageTargetSize.Fixed(0, 10),
            Channels = 2,
            Mean = [0f, 0f],
            Std = [1f, 0f, 1f],
            MaxPixels = 0,
        };

        var errors = spec.Validate();

        Assert.Equal(
            ["target height and width must be 1..65535", "channels must be 1 or 3", "std values must be finite and non-zero", "maxPixels must be positive"],
            errors);
        Assert.Throws<ArgumentException>(() => ImagePreprocessor.Plan(Header(10, 10), spec));
    }

    [Fact]
    public void Validate_TargetWhoseTensorCanExceedTwoGigabytes_IsRefused()
    {
        var spec = new ImagePreprocessSpec { Target = ImageTargetSize.MultipleOf(32, 40_000) };

        Assert.Equal(["the target's tensor can exceed 2 GB"], spec.Validate());
        Assert.Empty((spec with { Target = ImageTargetSize.Fixed(4096, 4096) }).Validate());
    }

    private static ImagePreprocessSpec Spec(ImageTargetSize target) => new() { Target = target };

    private static ImageHeader Header(int width, int height) => new(ImageFormat.Jpeg, width, height, ImageColorSpace.YCbCr, 3, 8, false);
}
