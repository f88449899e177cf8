using System.Runtime.InteropServices;
using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests;

/// <summary>Resize against the double-precision reference, through the public API with lossless PNG input.</summary>
public sealed class ImagePreprocessorResizeTests
{
    // Float32 output on the 0..255 scale. Coefficients are computed in doubles and stored as floats; each pass accumulates
    // in doubles and rounds its result to float once. The measured worst case over these cases is 2.5e-5 (float weights
    // and two float roundings, ~255 * 2^-24 each). 1e-4 is the bound; a wrong coordinate or weight shows as 1e-2.
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(160, 120, 57, 43)]
    [InlineData(37, 23, 100, 71)]
    [InlineData(64, 48, 64, 48)]
    [InlineData(200, 30, 50, 90)]
    [InlineData(1, 1, 7, 5)]
    [InlineData(640, 480, 224, 224)]
    [InlineData(301, 203, 3, 2)]
    public void Process_Bilinear_MatchesDoubleReference(int width, int height, int targetWidth, int targetHeight)
    {
        AssertMatchesReference(width, height, targetWidth, targetHeight, Interpolation.Bilinear);
    }

    [Theory]
    [InlineData(160, 120, 57, 43)]
    [InlineData(37, 23, 100, 71)]
    [InlineData(64, 48, 64, 48)]
    [InlineData(200, 30, 50, 90)]
    [InlineData(640, 480, 224, 224)]
    [InlineData(301, 203, 3, 2)]
    [InlineData(1000, 10, 7, 3)]
    public void Process_Area_MatchesDoubleReference(int width, int height, int targetWidth, int targetHeight)
    {
        AssertMatchesReference(width, height, targetWidth, targetHeight, Interpolation.Area);
    }

    [Fact]
    public void Process_Nchw_IsTransposeOfNhwc()
    {
        var png = TestImages.PngRgb(TestImages.Source(90, 70));
        var nhwc = Run(png, Spec(32, 24) with { Layout = TensorLayout.Nhwc });
        var nchw = Run(png, Spec(32, 24) with { Layout = TensorLayout.Nchw });

        for (var y = 0; y < 24; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(nhwc[(((y * 32) + x) * 3) + c], nchw[(((c * 24) + y) * 32) + x]);
                }
            }
        }
    }

    [Fact]
    public void Process_BgrWithMeanAndStd_NormalizesEachTensorChannel()
    {
        var png = TestImages.PngRgb(TestImages.Source(90, 70));
        var raw = Run(png, Spec(20, 10) with { Layout = TensorLayout.Nhwc });
        float[] mean = [0.485f, 0.456f, 0.406f];
        float[] std = [0.229f, 0.224f, 0.225f];

        var normalized = Run(png, Spec(20, 10) with
        {
            Layout = TensorLayout.Nhwc,
            ChannelOrder = ChannelOrder.Bgr,
            Scale = 1f / 255f,
            Mean = mean,
            Std = std,
        });

        for (var i = 0; i < 200; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var expected = ((raw[(i * 3) + (2 - c)] / 255.0) - mean[c]) / std[c];
                Assert.Equal(expected, normalized[(i * 3) + c], 1e-5);
            }
        }
    }

    [Fact]
    public void Process_OneChannelFromColor_IsBt601LumaOfResizedPixels()
    {
        var png = TestImages.PngRgb(TestImages.Source(90, 70));
        var rgb = Run(png, Spec(20, 10) with { Layout = TensorLayout.Nhwc });

        var gray = Run(png, Spec(20, 10) with { Channels = 1, Mean = [0f], Std = [1f] });

        Assert.Equal(200, gray.Length);
        for (var i = 0; i < 200; i++)
        {
            var expected = (0.299 * rgb[i * 3]) + (0.587 * rgb[(i * 3) + 1]) + (0.114 * rgb[(i * 3) + 2]);
            Assert.Equal(expected, gray[i], 1e-3);
        }
    }

    [Fact]
    public void Process_ThreeChannelsFromGrayPng_ReplicatesTheGrayChannel()
    {
        var samples = Enumerable.Range(0, 40 * 30).Select(i => (i * 7) % 256).ToArray();
        var png = PngWriter.Encode(40, 30, 0, 8, samples);

        var tensor = Run(png, Spec(40, 30) with { Layout = TensorLayout.Nhwc });

        for (var i = 0; i < 1200; i++)
        {
            Assert.Equal([samples[i], samples[i], samples[i]], new[] { (int)tensor[i * 3], (int)tensor[(i * 3) + 1], (int)tensor[(i * 3) + 2] });
        }
    }

    [Fact]
    public void Process_Float16AndUInt8_AreRoundedFloat32()
    {
        var png = TestImages.PngRgb(TestImages.Source(90, 70));
        var spec = Spec(33, 17);
        var reference = Run(png, spec);
        var halves = new Half[reference.Length];
        var bytes = new byte[reference.Length];

        ImagePreprocessor.Process(png, spec with { ElementType = ImageElementType.Float16 }, MemoryMarshal.AsBytes(halves.AsSpan()));
        ImagePreprocessor.Process(png, spec with { ElementType = ImageElementType.UInt8 }, bytes);

        Assert.Equal(reference.Select(v => (Half)v), halves);
        Assert.Equal(reference.Select(v => (byte)Math.Round(v, MidpointRounding.AwayFromZero)), bytes);
    }

    [Fact]
    public void Process_KeepAspectPadCenter_PlacesReferenceContentAndPadsTheRest()
    {
        var source = TestImages.Source(80, 40);
        var spec = Spec(50, 50) with { Mode = ResizeMode.KeepAspectPad, PadSide = PadSide.Center, PadValue = -7f };

        var tensor = Run(TestImages.PngRgb(source), spec, out var geometry);

        Assert.Equal(new ImageGeometry(80, 40, 50, 50, 50, 25, 0, 12, 50 / 80.0, 25 / 40.0), geometry);
        var reference = ReferenceResize.Resize(source, 50, 25, Interpolation.Bilinear);
        for (var y = 0; y < 50; y++)
        {
            for (var x = 0; x < 50; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var inside = y >= 12 && y < 37;
                    var expected = inside ? reference[y - 12, x, c] : -7.0;
                    Assert.Equal(expected, tensor[(((y * 50) + x) * 3) + c], Tolerance);
                }
            }
        }
    }

    [Fact]
    public void Process_KeepAspectCenterCrop_WritesTheCentreOfTheReferenceContent()
    {
        var source = TestImages.Source(90, 40);
        var spec = Spec(30, 30) with { Mode = ResizeMode.KeepAspectCenterCrop, Interpolation = Interpolation.Area };

        var tensor = Run(TestImages.PngRgb(source), spec, out var geometry);

        Assert.Equal(new ImageGeometry(90, 40, 30, 30, 68, 30, -19, 0, 68 / 90.0, 30 / 40.0), geometry);
        var reference = ReferenceResize.Resize(source, 68, 30, Interpolation.Area);
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 30; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(reference[y, x + 19, c], tensor[(((y * 30) + x) * 3) + c], Tolerance);
                }
            }
        }
    }

    internal static ImagePreprocessSpec Spec(int width, int height) => new()
    {
        Target = ImageTargetSize.Fixed(height, width),
        Scale = 1f,
        Layout = TensorLayout.Nhwc,
    };

    internal static float[] Run(byte[] encoded, ImagePreprocessSpec spec) => Run(encoded, spec, out _);

    internal static float[] Run(byte[] encoded, ImagePreprocessSpec spec, out ImageGeometry geometry)
    {
        var plan = ImagePreprocessor.Plan(ImageDecoder.ReadHeader(encoded), spec);
        var tensor = new float[plan.TensorWidth * plan.TensorHeight * spec.Channels];
        geometry = ImagePreprocessor.Process(encoded, spec, MemoryMarshal.AsBytes(tensor.AsSpan()));
        Assert.Equal(plan, geometry);
        return tensor;
    }

    private static void AssertMatchesReference(int width, int height, int targetWidth, int targetHeight, Interpolation interpolation)
    {
        var source = TestImages.Source(width, height);
        var spec = Spec(targetWidth, targetHeight) with { Interpolation = interpolation };

        var tensor = Run(TestImages.PngRgb(source), spec);

        var reference = ReferenceResize.Resize(source, targetWidth, targetHeight, interpolation);
        var worst = 0.0;
        for (var y = 0; y < targetHeight; y++)
        {
            for (var x = 0; x < targetWidth; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    worst = Math.Max(worst, Math.Abs(reference[y, x, c] - tensor[(((y * targetWidth) + x) * 3) + c]));
                }
            }
        }

        Assert.True(worst <= Tolerance, $"max abs difference {worst}");
    }
}
