using ModelServing.Imaging.Codecs;
using ModelServing.Imaging.Planning;

namespace ModelServing.Imaging;

public static unsafe partial class ImagePreprocessor
{
    /// <summary>The geometry of an already decoded image of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    /// <exception cref="ImageDecodeException">A zero size, or more than <see cref="ImagePreprocessSpec.MaxPixels"/>.</exception>
    public static ImageGeometry PlanPixels(int width, int height, ImagePreprocessSpec spec)
    {
        EnsureUsable(spec);
        ImageSniffer.CheckSize(width, height, spec.MaxPixels);
        return GeometryPlanner.Plan(width, height, spec);
    }

    /// <summary>Resizes and normalizes decoded RGB pixels into <paramref name="destination"/>, as <see cref="Process(ReadOnlySpan{byte}, ImagePreprocessSpec, Span{byte})"/> does after decoding.</summary>
    /// <param name="rgb">At least width x height x 3 bytes, row after row.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="spec">The preprocessing.</param>
    /// <param name="plan">From <see cref="PlanPixels"/> for this size and spec.</param>
    /// <param name="destination">Exactly <see cref="TensorBytes"/> of the plan; every byte is written.</param>
    public static void ProcessPixels(byte[] rgb, int width, int height, ImagePreprocessSpec spec, in ImageGeometry plan, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        EnsureUsable(spec);
        if (plan.OriginalWidth != width || plan.OriginalHeight != height || rgb.Length < (long)width * height * 3)
        {
            throw new ArgumentException("the plan or the pixels are for another image size", nameof(plan));
        }

        if (destination.Length != TensorBytes(plan, spec))
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes; this image's tensor takes {TensorBytes(plan, spec)}", nameof(destination));
        }

        fixed (byte* output = destination)
        {
            Render(PixelBuffer.Over(rgb, width, height, 3), plan, spec, output, 1);
        }
    }
}
