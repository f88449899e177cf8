using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests;

/// <summary>Steady-state allocation (not timing): pooled buffers, pooled handles, no per-image managed garbage.</summary>
public sealed class ImagePreprocessorAllocationTests
{
    public static TheoryData<string> Inputs => ["jpeg", "jpeg-gray-target", "png", "png-rgba16"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Process_SteadyState_AllocatesNothing(string input)
    {
        var (bytes, spec) = input switch
        {
            "jpeg" => (TestImages.Jpeg(640, 480, "-quality 90"), new ImagePreprocessSpec { Target = ImageTargetSize.Fixed(224, 224) }),
            "jpeg-gray-target" => (TestImages.Jpeg(640, 480, "-quality 90"), new ImagePreprocessSpec
            {
                Target = ImageTargetSize.HeightWidthUpTo(48, 192),
                Channels = 1,
                Interpolation = Interpolation.Area,
                ElementType = ImageElementType.Float16,
                PadSide = PadSide.Right,
            }),
            "png" => (TestImages.PngRgb(TestImages.Source(160, 120)), new ImagePreprocessSpec
            {
                Target = ImageTargetSize.MultipleOf(32, 96),
                Layout = TensorLayout.Nhwc,
                ElementType = ImageElementType.UInt8,
            }),
            _ => (PngWriter.Encode(64, 48, 6, 16, [.. Enumerable.Range(0, 64 * 48 * 4).Select(i => (i * 977) % 65536)]),
                new ImagePreprocessSpec { Target = ImageTargetSize.Fixed(32, 32), Mode = ResizeMode.KeepAspectPad }),
        };
        var geometry = ImagePreprocessor.Plan(ImageDecoder.ReadHeader(bytes), spec);
        var destination = new byte[ImagePreprocessor.TensorBytes(geometry, spec)];
        for (var i = 0; i < 20; i++)
        {
            ImagePreprocessor.Process(bytes, spec, destination);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            ImagePreprocessor.Process(bytes, spec, destination);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
