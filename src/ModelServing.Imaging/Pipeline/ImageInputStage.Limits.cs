using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Imaging.Pipeline;

internal sealed partial class ImageInputStage
{
    /// <summary>Refuses more images than the request may send, before any header is read.</summary>
    private void CheckImageCount(int count, RequestSizeLimits limits)
    {
        if (count > limits.MaxImagesPerRequest)
        {
            throw ServingException.Invalid(
                $"Input '{PublicInput.Name}' has {count} images; at most {limits.MaxImagesPerRequest} images are allowed per request");
        }
    }

    /// <summary>
    /// Refuses a tensor of <paramref name="count"/> images padded to <paramref name="height"/> x <paramref name="width"/>
    /// past the pixel or byte limit, before it is allocated; returns the bytes one image takes in it.
    /// </summary>
    /// <remarks>
    /// Computed in 128 bits, so no header can overflow it; a tensor that passes fits one array, so the caller's int offsets
    /// (image index x bytes per image) cannot overflow either.
    /// </remarks>
    private int CheckTensorSize(int count, int height, int width, RequestSizeLimits limits)
    {
        var pixels = (Int128)count * height * width;
        var maxPixels = Math.Min(limits.MaxImagePixelsPerRequest, _maxPixelsPerRequest ?? long.MaxValue);
        if (pixels > maxPixels)
        {
            throw ServingException.Invalid(
                $"Input '{PublicInput.Name}': {count} images padded to the largest ({height}x{width}) make {pixels} pixels; "
                + $"at most {maxPixels} pixels are allowed per request");
        }

        var elementBytes = (long)_spec.Channels * TensorDataTypes.ElementSize(_elementType);
        var bytes = pixels * elementBytes;
        var maxBytes = Math.Min(limits.MaxTensorBytesPerRequest, Array.MaxLength);
        if (bytes > maxBytes)
        {
            throw ServingException.Invalid(
                $"Input '{PublicInput.Name}': a {count}x{height}x{width} image tensor would take {bytes} bytes; "
                + $"at most {maxBytes} bytes are allowed per request");
        }

        return (int)((long)height * width * elementBytes);
    }
}
