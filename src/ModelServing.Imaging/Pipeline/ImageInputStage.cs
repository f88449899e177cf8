using System.Buffers;
using ModelServing.Core.Errors;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.Imaging.Pipeline;

/// <summary>
/// <c>image</c>: decodes each instance's JPEG or PNG bytes and writes it, resized and normalized, straight into the model's
/// image input tensor. Each image's geometry goes into the request context (typed, <see cref="ServingContext.SetImageRegions"/>)
/// for output stages.
/// </summary>
/// <remarks>
/// Images that plan to different tensor sizes (detector sizes follow each image's aspect ratio; with <c>padTo: widest</c>
/// text-line widths follow each line) are placed at the top-left of a tensor as large as the largest, the rest filled with
/// the pad value. The tensor's array is rented from the request
/// (<see cref="ServingContext.RentTensor"/>) and goes back to the pool when the request's run is over.
/// </remarks>
internal sealed partial class ImageInputStage : IPixelInputStage
{
    private readonly ImagePreprocessSpec _spec;
    private readonly TensorDataType _elementType;
    private readonly long? _maxPixelsPerRequest;

    /// <summary>The tensor height and width when every image gets the same (fixed and height-with-max-width targets), else 0.</summary>
    private readonly (int Height, int Width) _fixedSize;

    /// <param name="publicInput">What clients send: one encoded image per row.</param>
    /// <param name="spec">The preprocessing.</param>
    /// <param name="elementType">The model input's element type.</param>
    /// <param name="modelInput">The model input the stage fills.</param>
    /// <param name="maxPixelsPerRequest">This model's own bound on the padded tensor's pixels, below the host's; null for the host's.</param>
    public ImageInputStage(TensorSpec publicInput, ImagePreprocessSpec spec, TensorDataType elementType, TensorSpec modelInput, long? maxPixelsPerRequest = null)
    {
        PublicInput = publicInput;
        _spec = spec;
        _elementType = elementType;
        _maxPixelsPerRequest = maxPixelsPerRequest;
        _fixedSize = spec.Target.Kind == ImageTargetKind.MultipleOf || spec.Target.PadsToWidest ? default : (spec.Target.Height, spec.Target.Width);
        var (height, width) = _fixedSize != default ? (_fixedSize.Height, _fixedSize.Width)
            : spec.Target.PadsToWidest ? ((long)spec.Target.Height, -1L) : (-1L, -1L);
        long[] shape = spec.Layout == TensorLayout.Nchw
            ? [modelInput.Shape[0], spec.Channels, height, width]
            : [modelInput.Shape[0], height, width, spec.Channels];
        ModelInput = new TensorSpec(modelInput.Name, elementType, shape, modelInput.DimensionNames);
    }

    public TensorSpec PublicInput { get; }

    /// <remarks>The batch dimension is the model's: a model with a fixed batch refuses other row counts when it runs.</remarks>
    public TensorSpec ModelInput { get; }

    public TensorData Process(TensorData input, ServingContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var images = input.As<byte[]>();
        CheckImageCount(images.Length, context.Limits);
        var regions = new ImageRegion[images.Length];
        var tensor = _fixedSize != default
            ? ProcessSameSize(images, regions, context)
            : ProcessPlanned(images, regions, context);
        context.SetImageRegions(ModelInput.Name, regions);
        return tensor;
    }

    /// <summary>Every image gets the same tensor size: each is opened, planned and decoded once, straight into its slice.</summary>
    private TensorData ProcessSameSize(byte[][] images, ImageRegion[] regions, ServingContext context)
    {
        var (height, width) = _fixedSize;
        var perImage = CheckTensorSize(images.Length, height, width, context.Limits);
        var tensor = context.RentTensor(_elementType, Shape(images.Length, height, width));
        var bytes = AsBytes(tensor.Data);
        for (var i = 0; i < images.Length; i++)
        {
            try
            {
                regions[i] = Region(ImagePreprocessor.Process(images[i], _spec, bytes.Slice(i * perImage, perImage)));
            }
            catch (ImageDecodeException ex)
            {
                throw Invalid(i, ex);
            }
        }

        return tensor;
    }

    /// <summary>
    /// Sizes follow each image (detectors): every header is read and planned once to size the tensor, and the plans are
    /// passed on to decoding. Images smaller than the largest go through a scratch buffer to the top-left of their slice.
    /// The padded tensor's size is checked against the limits after the headers and before the tensor exists.
    /// </summary>
    private TensorData ProcessPlanned(byte[][] images, ImageRegion[] regions, ServingContext context)
    {
        var headers = new ImageHeader[images.Length];
        var plans = new ImageGeometry[images.Length];
        int height = 0, width = 0;
        for (var i = 0; i < images.Length; i++)
        {
            try
            {
                headers[i] = ImageDecoder.ReadHeader(images[i]);
                plans[i] = ImagePreprocessor.Plan(headers[i], _spec);
            }
            catch (ImageDecodeException ex)
            {
                throw Invalid(i, ex);
            }

            height = Math.Max(height, plans[i].TensorHeight);
            width = Math.Max(width, plans[i].TensorWidth);
        }

        var elementSize = TensorDataTypes.ElementSize(_elementType);
        var perImage = CheckTensorSize(images.Length, height, width, context.Limits);
        var tensor = context.RentTensor(_elementType, Shape(images.Length, height, width));
        var bytes = AsBytes(tensor.Data);
        byte[]? scratch = null;
        try
        {
            for (var i = 0; i < images.Length; i++)
            {
                var destination = bytes.Slice(i * perImage, perImage);
                try
                {
                    if (plans[i].TensorHeight == height && plans[i].TensorWidth == width)
                    {
                        ImagePreprocessor.Process(images[i], _spec, headers[i], plans[i], destination);
                    }
                    else
                    {
                        scratch ??= ArrayPool<byte>.Shared.Rent(perImage);
                        var target = scratch.AsSpan(0, (int)ImagePreprocessor.TensorBytes(plans[i], _spec));
                        ImagePreprocessor.Process(images[i], _spec, headers[i], plans[i], target);
                        Place(target, plans[i], destination, height, width, elementSize);
                    }
                }
                catch (ImageDecodeException ex)
                {
                    throw Invalid(i, ex);
                }

                regions[i] = Region(plans[i]);
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        return tensor;
    }

    private long[] Shape(int count, int height, int width) => _spec.Layout == TensorLayout.Nchw
        ? [count, _spec.Channels, height, width]
        : [count, height, width, _spec.Channels];

    /// <summary>ImageGeometry scales are content/original (PaddleOCR's ratio); regions map back, so they hold original/content.</summary>
    private static ImageRegion Region(in ImageGeometry geometry) => new(
        geometry.OriginalWidth, geometry.OriginalHeight, geometry.ContentWidth, geometry.ContentHeight,
        geometry.OffsetX, geometry.OffsetY, 1 / geometry.ScaleX, 1 / geometry.ScaleY);

    private ServingException Invalid(int instance, ImageDecodeException ex) =>
        new(ServingErrorKind.InvalidInput, $"Invalid image in instance {instance} of input '{PublicInput.Name}': {ex.Message}", ex);
}
