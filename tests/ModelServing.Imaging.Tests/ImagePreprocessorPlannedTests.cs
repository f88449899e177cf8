using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests;

/// <summary>Decoding with a plan made from the header beforehand: the same bytes as planning inside, no second plan.</summary>
public sealed class ImagePreprocessorPlannedTests
{
    public static TheoryData<string> Inputs => ["jpeg", "jpeg-dct-scaled", "png"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Process_WithPlan_WritesTheSameBytesAsPlanningInside(string input)
    {
        var (bytes, spec) = input switch
        {
            "jpeg" => (TestImages.Jpeg(480, 64), new ImagePreprocessSpec { Target = ImageTargetSize.HeightWidthUpTo(48, 192) }),
            "jpeg-dct-scaled" => (TestImages.Jpeg(640, 480), new ImagePreprocessSpec { Target = ImageTargetSize.MultipleOf(32, 160) }),
            _ => (TestImages.PngRgb(TestImages.Source(160, 120)), new ImagePreprocessSpec { Target = ImageTargetSize.Fixed(64, 64), Mode = ResizeMode.KeepAspectPad }),
        };
        var header = ImageDecoder.ReadHeader(bytes);
        var plan = ImagePreprocessor.Plan(header, spec);
        var expected = new byte[ImagePreprocessor.TensorBytes(plan, spec)];
        var actual = new byte[expected.Length];

        var geometry = ImagePreprocessor.Process(bytes, spec, expected);
        ImagePreprocessor.Process(bytes, spec, header, plan, actual);

        Assert.Equal(geometry, plan);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Process_PlanOfAnotherImage_ThrowsArgumentException()
    {
        var spec = new ImagePreprocessSpec { Target = ImageTargetSize.Fixed(32, 32) };
        var bytes = TestImages.Jpeg(64, 48);
        var header = ImageDecoder.ReadHeader(bytes);
        var other = ImagePreprocessor.Plan(ImageDecoder.ReadHeader(TestImages.Jpeg(48, 64)), spec);

        Assert.Throws<ArgumentException>(() => ImagePreprocessor.Process(bytes, spec, header, other, new byte[ImagePreprocessor.TensorBytes(other, spec)]));
    }

    [Fact]
    public void Process_PngHeaderOfOtherBytes_ThrowsArgumentException()
    {
        var spec = new ImagePreprocessSpec { Target = ImageTargetSize.Fixed(32, 32) };
        var png = TestImages.PngRgb(TestImages.Source(64, 48));
        var otherHeader = ImageDecoder.ReadHeader(TestImages.PngRgb(TestImages.Source(48, 64)));
        var plan = ImagePreprocessor.Plan(otherHeader, spec);

        Assert.Throws<ArgumentException>(() => ImagePreprocessor.Process(png, spec, otherHeader, plan, new byte[ImagePreprocessor.TensorBytes(plan, spec)]));
    }
}
