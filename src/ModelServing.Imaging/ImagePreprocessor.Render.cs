using System.Buffers;
using ModelServing.Imaging.Codecs;
using ModelServing.Imaging.Resizing;
using ModelServing.Imaging.Tensors;

namespace ModelServing.Imaging;

public static unsafe partial class ImagePreprocessor
{
    /// <summary>Resizes the decoded pixels to the content size and writes the visible part, padding the rest.</summary>
    /// <param name="pixels">Decoded image, possibly DCT-downscaled by <paramref name="denominator"/>.</param>
    /// <param name="geometry">The plan.</param>
    /// <param name="spec">Normalization, layout and type.</param>
    /// <param name="output">The tensor slice.</param>
    /// <param name="denominator">DCT scale the pixels were decoded at (1 = full size).</param>
    private static void Render(in PixelBuffer pixels, ImageGeometry geometry, ImagePreprocessSpec spec, byte* output, int denominator)
    {
        // The content pixels that land inside the tensor (all of them unless centre-cropped).
        var x0 = Math.Max(0, -geometry.OffsetX);
        var x1 = Math.Min(geometry.ContentWidth, geometry.TensorWidth - geometry.OffsetX);
        var y0 = Math.Max(0, -geometry.OffsetY);
        var y1 = Math.Min(geometry.ContentHeight, geometry.TensorHeight - geometry.OffsetY);

        var writer = new TensorWriter(output, spec, geometry.TensorWidth, geometry.TensorHeight, pixels.Channels);
        if (x0 + geometry.OffsetX > 0 || x1 + geometry.OffsetX < geometry.TensorWidth
            || y0 + geometry.OffsetY > 0 || y1 + geometry.OffsetY < geometry.TensorHeight)
        {
            writer.Fill(spec.PadValue);
        }

        // Map through the original size so a DCT-scaled decode (ceil(side / d) pixels) stays aligned with the original.
        var scaleX = geometry.OriginalWidth / ((double)denominator * geometry.ContentWidth);
        var scaleY = geometry.OriginalHeight / ((double)denominator * geometry.ContentHeight);
        using var columns = AxisWeights.Create(spec.Interpolation, pixels.Width, scaleX, x0, x1 - x0);
        using var rows = AxisWeights.Create(spec.Interpolation, pixels.Height, scaleY, y0, y1 - y0);

        var channels = pixels.Channels;
        var span = (columns.SourceMax - columns.SourceMin) * channels;
        var vertical = ArrayPool<float>.Shared.Rent(span + Resampler.RowSlack);
        var horizontal = ArrayPool<float>.Shared.Rent((x1 - x0) * channels);
        try
        {
            fixed (byte* source = pixels.Array)
            fixed (float* verticalRow = vertical)
            fixed (float* horizontalRow = horizontal)
            fixed (float* coefficients = rows.Weights)
            {
                var stride = (long)pixels.Stride;
                var left = source + (columns.SourceMin * channels);
                new Span<float>(verticalRow + span, Resampler.RowSlack).Clear();
                for (var i = 0; i < rows.Count; i++)
                {
                    Resampler.Vertical(left + (rows.Starts[i] * stride), stride, coefficients + (i * rows.Taps), rows.Taps, verticalRow, span);
                    Resampler.Horizontal(verticalRow, channels, columns, horizontalRow);
                    writer.WriteRow(y0 + i + geometry.OffsetY, x0 + geometry.OffsetX, horizontalRow, x1 - x0);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(vertical);
            ArrayPool<float>.Shared.Return(horizontal);
        }
    }
}
