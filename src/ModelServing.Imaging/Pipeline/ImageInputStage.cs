using System.Runtime.InteropServices;
using ModelServing.Core.Errors;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.Imaging.Pipeline;

/// <summary>
/// <c>image</c>: decodes each instance's JPEG or PNG bytes and writes it, resized and normalized, straight into the model's
/// image input tensor. Each image's geometry goes into the request context for output stages.
/// </summary>
/// <remarks>
/// Images that plan to different tensor sizes (detector sizes follow each image's aspect ratio) are placed at the top-left
/// of a tensor as large as the largest, the rest filled with the pad value.
/// </remarks>
internal sealed class ImageInputStage : IInputStage
{
    private readonly ImagePreprocessSpec _spec;
    private readonly TensorDataType _elementType;
    public ImageInputStage(TensorSpec publicInput, ImagePreprocessSpec spec, TensorDataType elementType, TensorSpec modelInput)
    {
        PublicInput = publicInput;
        _spec = spec;
        _elementType = elementType;
        var (height, width) = spec.Target.Kind == ImageTargetKind.MultipleOf ? (-1L, -1L) : (spec.Target.Height, spec.Target.Width);
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
        var plans = new ImageGeometry[images.Length];
        int height = 0, width = 0;
        for (var i = 0; i < images.Length; i++)
        {
            try
            {
                plans[i] = ImagePreprocessor.Plan(ImageDecoder.ReadHeader(images[i]), _spec);
            }
            catch (ImageDecodeException ex)
            {
                throw Invalid(i, ex);
            }

            height = Math.Max(height, plans[i].TensorHeight);
            width = Math.Max(width, plans[i].TensorWidth);
        }

        var channels = _spec.Channels;
        var perImage = channels * height * width;
        var elementSize = TensorDataTypes.ElementSize(_elementType);
        var data = Array.CreateInstance(TensorDataTypes.ClrType(_elementType), (long)images.Length * perImage);
        var bytes = AsBytes(data);
        var regions = new ImageRegion[images.Length];
        byte[]? scratch = null;
        for (var i = 0; i < images.Length; i++)
        {
            var destination = bytes.Slice(i * perImage * elementSize, perImage * elementSize);
            ImageGeometry geometry;
            try
            {
                if (plans[i].TensorHeight == height && plans[i].TensorWidth == width)
                {
                    geometry = ImagePreprocessor.Process(images[i], _spec, destination);
                }
                else
                {
                    var planned = channels * plans[i].TensorHeight * plans[i].TensorWidth * elementSize;
                    scratch ??= new byte[perImage * elementSize];
                    var target = scratch.AsSpan(0, planned);
                    geometry = ImagePreprocessor.Process(images[i], _spec, target);
                    Place(target, geometry, destination, height, width, elementSize);
                }
            }
            catch (ImageDecodeException ex)
            {
                throw Invalid(i, ex);
            }

            // ImageGeometry scales are content/original (PaddleOCR's ratio); regions map back, so they hold original/content.
            regions[i] = new ImageRegion(
                geometry.OriginalWidth, geometry.OriginalHeight, geometry.ContentWidth, geometry.ContentHeight,
                geometry.OffsetX, geometry.OffsetY, 1 / geometry.ScaleX, 1 / geometry.ScaleY);
        }

        context.Set(ImageRegion.ContextKey(ModelInput.Name), regions);
        context.Set(ImageRegion.ContextKey(string.Empty), regions);
        long[] shape = _spec.Layout == TensorLayout.Nchw
            ? [images.Length, channels, height, width]
            : [images.Length, height, width, channels];
        return TensorData.Create(_elementType, data, shape);
    }

    /// <summary>Copies a smaller image tensor into the top-left of a larger one and fills the rest with the pad value.</summary>
    private void Place(ReadOnlySpan<byte> source, ImageGeometry geometry, Span<byte> destination, int height, int width, int elementSize)
    {
        FillPad(destination);
        var channels = _spec.Channels;
        var rowBytes = geometry.TensorWidth * elementSize;
        if (_spec.Layout == TensorLayout.Nchw)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < geometry.TensorHeight; y++)
                {
                    source.Slice(((c * geometry.TensorHeight) + y) * rowBytes, rowBytes)
                        .CopyTo(destination.Slice((((c * height) + y) * width) * elementSize));
                }
            }
        }
        else
        {
            var pixelRow = rowBytes * channels;
            for (var y = 0; y < geometry.TensorHeight; y++)
            {
                source.Slice(y * pixelRow, pixelRow).CopyTo(destination.Slice(y * width * channels * elementSize));
            }
        }
    }

    private void FillPad(Span<byte> destination)
    {
        switch (_elementType)
        {
            case TensorDataType.Float:
                MemoryMarshal.Cast<byte, float>(destination).Fill(_spec.PadValue);
                break;
            case TensorDataType.Float16:
                MemoryMarshal.Cast<byte, Half>(destination).Fill((Half)_spec.PadValue);
                break;
            default:
                destination.Fill((byte)Math.Clamp(_spec.PadValue, 0, 255));
                break;
        }
    }

    private static Span<byte> AsBytes(Array data) => data switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
        Half[] h => MemoryMarshal.AsBytes(h.AsSpan()),
        byte[] b => b,
        _ => throw new InvalidOperationException("unsupported image tensor type"),
    };

    private ServingException Invalid(int instance, ImageDecodeException ex) =>
        new(ServingErrorKind.InvalidInput, $"Invalid image in instance {instance} of input '{PublicInput.Name}': {ex.Message}", ex);
}
