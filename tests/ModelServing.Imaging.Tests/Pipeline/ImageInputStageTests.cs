using System.Runtime.InteropServices;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;
using ModelServing.Imaging.Pipeline;
using ModelServing.Imaging.Tests.TestSupport;

namespace ModelServing.Imaging.Tests.Pipeline;

/// <summary>The <c>image</c> stage on real JPEG and PNG bytes: tensor bytes, typed geometry, declared model input, pooling.</summary>
public sealed class ImageInputStageTests
{
    private static readonly TensorSpec s_publicInput = new("image", TensorDataType.String, -1);
    private static readonly TensorSpec s_modelInput = new("x", TensorDataType.Float, -1, 3, -1, -1);

    private static readonly ImagePreprocessSpec s_lineSpec = new()
    {
        Target = ImageTargetSize.HeightWidthUpTo(48, 192),
        PadSide = PadSide.Right,
        Mean = [0.5f, 0.5f, 0.5f],
        Std = [0.5f, 0.5f, 0.5f],
        ChannelOrder = ChannelOrder.Bgr,
    };

    private static readonly ImagePreprocessSpec s_pageSpec = new() { Target = ImageTargetSize.MultipleOf(32, 96) };

    [Fact]
    public void ModelInput_DeclaresTheTensorItProduces()
    {
        var line = new ImageInputStage(s_publicInput, s_lineSpec, TensorDataType.Float, s_modelInput);
        var page = new ImageInputStage(s_publicInput, s_pageSpec with { Layout = TensorLayout.Nhwc }, TensorDataType.Float, s_modelInput);

        Assert.Equal([-1L, 3L, 48L, 192L], line.ModelInput.Shape);
        Assert.Equal([-1L, -1L, -1L, 3L], page.ModelInput.Shape);
        Assert.Equal("x", line.ModelInput.Name);
        Assert.Equal(TensorDataType.Float, line.ModelInput.DataType);
    }

    [Fact]
    public void Process_SameSizeTarget_WritesEachImageAsThePreprocessorAndRecordsTypedRegions()
    {
        byte[][] images = [TestImages.Jpeg(480, 64), TestImages.PngRgb(TestImages.Source(100, 50, seed: 2))];
        var stage = new ImageInputStage(s_publicInput, s_lineSpec, TensorDataType.Float, s_modelInput);
        var context = new ServingContext();

        var tensor = stage.Process(TensorData.FromBytes(images, images.Length), context);

        Assert.Equal([2L, 3L, 48L, 192L], tensor.Shape);
        var perImage = 3 * 48 * 192;
        Assert.True(context.TryGetImageRegions("x", out var regions));
        for (var i = 0; i < images.Length; i++)
        {
            var expected = new float[perImage];
            var geometry = ImagePreprocessor.Process(images[i], s_lineSpec, MemoryMarshal.AsBytes(expected.AsSpan()));
            Assert.Equal(expected, tensor.As<float>().AsSpan(i * perImage, perImage).ToArray());
            Assert.Equal(Region(geometry), regions[i]);
        }
    }

    [Fact]
    public void Process_SizesFollowEachImage_PlansOnceAndPlacesEachImageTopLeft()
    {
        // 160x120 plans to 96x64 and 60x120 to 64x96: neither is the 96x96 tensor, so each is decoded with its plan and
        // placed at the top-left of its slice, the rest padded.
        byte[][] images = [TestImages.Jpeg(160, 120), TestImages.PngRgb(TestImages.Source(60, 120, seed: 3))];
        var spec = s_pageSpec with { PadValue = -1 };
        var stage = new ImageInputStage(s_publicInput, spec, TensorDataType.Float, s_modelInput);
        var context = new ServingContext();

        var tensor = stage.Process(TensorData.FromBytes(images, images.Length), context);

        var plans = images.Select(image => ImagePreprocessor.Plan(ImageDecoder.ReadHeader(image), spec)).ToArray();
        int height = plans.Max(p => p.TensorHeight), width = plans.Max(p => p.TensorWidth);
        Assert.Equal([2L, 3L, height, width], tensor.Shape);
        Assert.NotEqual(plans[0].TensorWidth, plans[1].TensorWidth);
        Assert.True(context.TryGetImageRegions(null, out var regions));
        for (var i = 0; i < images.Length; i++)
        {
            var own = new float[3 * plans[i].TensorHeight * plans[i].TensorWidth];
            ImagePreprocessor.Process(images[i], spec, MemoryMarshal.AsBytes(own.AsSpan()));
            var slice = tensor.As<float>().AsSpan(i * 3 * height * width, 3 * height * width);
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var expected = y < plans[i].TensorHeight && x < plans[i].TensorWidth
                            ? own[(((c * plans[i].TensorHeight) + y) * plans[i].TensorWidth) + x]
                            : -1f;
                        Assert.Equal(expected, slice[(((c * height) + y) * width) + x]);
                    }
                }
            }

            Assert.Equal(Region(plans[i]), regions[i]);
        }
    }

    [Fact]
    public void Process_PadToWidest_PadsEachLineToTheRequestsWidestLineNotToMaxWidth()
    {
        // 120x32 plans to 180 wide and 60x32 to 90 (height 48, aspect kept); maxWidth 960 is never reached.
        byte[][] images = [TestImages.Jpeg(120, 32), TestImages.PngRgb(TestImages.Source(60, 32, seed: 4))];
        var spec = s_lineSpec with { Target = ImageTargetSize.HeightWidthToWidest(48, 960) };
        var stage = new ImageInputStage(s_publicInput, spec, TensorDataType.Float, s_modelInput);

        var tensor = stage.Process(TensorData.FromBytes(images, images.Length), new ServingContext());

        Assert.Equal([-1L, 3L, 48L, -1L], stage.ModelInput.Shape);
        Assert.Equal([2L, 3L, 48L, 180L], tensor.Shape);
        var own = new float[3 * 48 * 90];
        ImagePreprocessor.Process(images[1], spec, MemoryMarshal.AsBytes(own.AsSpan()));
        var second = tensor.As<float>().AsSpan(3 * 48 * 180, 3 * 48 * 180);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 48; y++)
            {
                Assert.Equal(own.AsSpan(((c * 48) + y) * 90, 90).ToArray(), second.Slice(((c * 48) + y) * 180, 90).ToArray());
                Assert.All(second.Slice((((c * 48) + y) * 180) + 90, 90).ToArray(), v => Assert.Equal(0f, v));
            }
        }
    }

    [Fact]
    public void Process_TensorReturnedAfterEachRequest_AllocatesNoTensorInSteadyState()
    {
        byte[][] images = [TestImages.Jpeg(480, 64)];
        var stage = new ImageInputStage(s_publicInput, s_lineSpec, TensorDataType.Float, s_modelInput);
        var input = TensorData.FromBytes(images, 1);
        for (var i = 0; i < 5; i++)
        {
            Request();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            Request();
        }

        // One 3x48x192 float tensor is 110 KB; what is left per request is the context, the tensor object and one region.
        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 20, 0, 1024);

        void Request()
        {
            var context = new ServingContext();
            stage.Process(input, context);
            context.ReturnRentedArrays(null);
        }
    }

    private static ImageRegion Region(ImageGeometry geometry) => new(
        geometry.OriginalWidth, geometry.OriginalHeight, geometry.ContentWidth, geometry.ContentHeight,
        geometry.OffsetX, geometry.OffsetY, 1 / geometry.ScaleX, 1 / geometry.ScaleY);
}
