using System.Buffers;
using ModelServing.Core.Errors;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.Imaging.Pipeline;

internal sealed partial class ImageInputStage
{
    /// <summary>
    /// Decoded images (a composed model's crops) into the model input: planned and rendered exactly as decoded bytes would
    /// be, under the same limits, each smaller plan placed at the top-left of the largest.
    /// </summary>
    public TensorData ProcessPixels(IReadOnlyList<PixelImage> images, ServingContext context)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(context);
        CheckImageCount(images.Count, context.Limits);
        var plans = new ImageGeometry[images.Count];
        int height = 0, width = 0;
        for (var i = 0; i < images.Count; i++)
        {
            try
            {
                plans[i] = ImagePreprocessor.PlanPixels(images[i].Width, images[i].Height, _spec);
            }
            catch (ImageDecodeException ex)
            {
                throw new ServingException(ServingErrorKind.InvalidInput, $"Invalid image region {i} for input '{PublicInput.Name}': {ex.Message}", ex);
            }

            height = Math.Max(height, plans[i].TensorHeight);
            width = Math.Max(width, plans[i].TensorWidth);
        }

        var perImage = CheckTensorSize(images.Count, height, width, context.Limits);
        var tensor = context.RentTensor(_elementType, Shape(images.Count, height, width));
        var bytes = AsBytes(tensor.Data);
        var regions = new ImageRegion[images.Count];
        byte[]? scratch = null;
        try
        {
            for (var i = 0; i < images.Count; i++)
            {
                var destination = bytes.Slice(i * perImage, perImage);
                var image = images[i];
                if (plans[i].TensorHeight == height && plans[i].TensorWidth == width)
                {
                    ImagePreprocessor.ProcessPixels(image.Rgb, image.Width, image.Height, _spec, plans[i], destination);
                }
                else
                {
                    scratch ??= ArrayPool<byte>.Shared.Rent(perImage);
                    var target = scratch.AsSpan(0, (int)ImagePreprocessor.TensorBytes(plans[i], _spec));
                    ImagePreprocessor.ProcessPixels(image.Rgb, image.Width, image.Height, _spec, plans[i], target);
                    Place(target, plans[i], destination, height, width, TensorDataTypes.ElementSize(_elementType));
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

        context.SetImageRegions(ModelInput.Name, regions);
        return tensor;
    }
}
