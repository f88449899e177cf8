using ModelServing.Core.Errors;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;
using ModelServing.Imaging.Pipeline;
using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests.Pipeline;

/// <summary>
/// The <c>image</c> stage under <see cref="RequestSizeLimits"/>: image count, padded pixels and tensor bytes are refused from
/// the headers, before the tensor is allocated (issue 14: 20,001 tiny images, and two long thin images padding 30 tiny ones).
/// </summary>
public sealed class ImageInputStageLimitsTests
{
    private static readonly TensorSpec s_publicInput = new("image", TensorDataType.String, -1);
    private static readonly TensorSpec s_modelInput = new("x", TensorDataType.Float, -1, 3, -1, -1);

    // text-orientation's and text-detection's targets.
    private static readonly ImagePreprocessSpec s_lineSpec = new() { Target = ImageTargetSize.HeightWidthUpTo(48, 192), PadSide = PadSide.Right };
    private static readonly ImagePreprocessSpec s_pageSpec = new() { Target = ImageTargetSize.MultipleOf(32, 960) };

    [Fact]
    public void Process_TwentyThousandAndOneTinyImages_RefusedBeforeAnyHeaderOrTensor()
    {
        var tiny = TestImages.PngRgb(TestImages.Source(1, 1));
        var images = Enumerable.Repeat(tiny, 20_001).ToArray();
        var stage = new ImageInputStage(s_publicInput, s_lineSpec, TensorDataType.Float, s_modelInput);
        var input = TensorData.FromBytes(images, images.Length);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var exception = Assert.Throws<ServingException>(() => stage.Process(input, new ServingContext()));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal("Input 'image' has 20001 images; at most 1024 images are allowed per request", exception.Message);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Process_LimitsRaisedToTheirMaximum_TwentyThousandImagesRefusedWithoutOverflow()
    {
        // 20,001 x 3 x 48 x 192 float32 is 2.2 GB: past one array, where the old stage rented it and overflowed an int.
        var tiny = TestImages.PngRgb(TestImages.Source(1, 1));
        var images = Enumerable.Repeat(tiny, 20_001).ToArray();
        var stage = new ImageInputStage(s_publicInput, s_lineSpec, TensorDataType.Float, s_modelInput);
        var limits = new RequestSizeLimits
        {
            MaxImagesPerRequest = long.MaxValue,
            MaxImagePixelsPerRequest = long.MaxValue,
            MaxTensorBytesPerRequest = long.MaxValue,
        };

        var exception = Assert.Throws<ServingException>(() => stage.Process(TensorData.FromBytes(images, images.Length), new ServingContext(limits)));

        Assert.Equal(
            $"Input 'image': a 20001x48x192 image tensor would take 2211950592 bytes; at most {Array.MaxLength} bytes are allowed per request",
            exception.Message);
    }

    [Fact]
    public void Process_TwoLongThinImagesPadThirtyTinyOnes_RefusedFromTheHeadersBeforeTheTensor()
    {
        // 4000x8 plans to 960 wide and 32 high, 8x4000 to 32 wide and 960 high: every image pads to 960x960.
        byte[] wide = TestImages.Jpeg(4000, 8), tall = TestImages.Jpeg(8, 4000), tiny = TestImages.PngRgb(TestImages.Source(1, 1));
        byte[][] images = [wide, tall, .. Enumerable.Repeat(tiny, 30)];
        var stage = new ImageInputStage(s_publicInput, s_pageSpec, TensorDataType.Float, s_modelInput);
        var input = TensorData.FromBytes(images, images.Length);
        _ = (ImageDecoder.ReadHeader(wide), ImageDecoder.ReadHeader(tiny)); // codec libraries and handle pool ready
        var before = GC.GetAllocatedBytesForCurrentThread();

        var exception = Assert.Throws<ServingException>(() => stage.Process(input, new ServingContext()));

        // The padded tensor would be 32 x 3 x 960 x 960 float32, 354 MB; refusing it costs the headers and plans.
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(
            "Input 'image': 32 images padded to the largest (960x960) make 29491200 pixels; at most 16777216 pixels are allowed per request",
            exception.Message);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Process_ModelLimitBelowTheHosts_IsApplied()
    {
        byte[][] images = [TestImages.Jpeg(480, 64), TestImages.Jpeg(480, 64)];
        var stage = new ImageInputStage(s_publicInput, s_lineSpec, TensorDataType.Float, s_modelInput, maxPixelsPerRequest: 10_000);

        var exception = Assert.Throws<ServingException>(() => stage.Process(TensorData.FromBytes(images, 2), new ServingContext()));

        Assert.Equal("Input 'image': 2 images padded to the largest (48x192) make 18432 pixels; at most 10000 pixels are allowed per request", exception.Message);
    }

    [Fact]
    public void Process_TensorBytesPastTheLimit_Refused()
    {
        byte[][] images = [TestImages.Jpeg(480, 64)];
        var stage = new ImageInputStage(s_publicInput, s_lineSpec, TensorDataType.Float, s_modelInput);

        var exception = Assert.Throws<ServingException>(
            () => stage.Process(TensorData.FromBytes(images, 1), new ServingContext(new RequestSizeLimits { MaxTensorBytesPerRequest = 100_000 })));

        Assert.Equal("Input 'image': a 1x48x192 image tensor would take 110592 bytes; at most 100000 bytes are allowed per request", exception.Message);
    }

    [Fact]
    public void Process_AtTheLimits_Succeeds()
    {
        byte[][] images = [TestImages.Jpeg(480, 64), TestImages.Jpeg(480, 64)];
        var stage = new ImageInputStage(s_publicInput, s_lineSpec, TensorDataType.Float, s_modelInput);
        var limits = new RequestSizeLimits { MaxImagesPerRequest = 2, MaxImagePixelsPerRequest = 2 * 48 * 192, MaxTensorBytesPerRequest = 2 * 3 * 48 * 192 * 4 };

        var tensor = stage.Process(TensorData.FromBytes(images, 2), new ServingContext(limits));

        Assert.Equal([2L, 3L, 48L, 192L], tensor.Shape);
    }
}
