namespace ModelServing.Imaging.Tests.TestSupport;

/// <summary>
/// Straightforward double-precision resizers written from the definitions, independent of the library's coefficient tables:
/// bilinear with half-pixel centres (TF2 <c>tf.image.resize</c>, clamped edges) and the exact area (box) filter.
/// </summary>
public static class ReferenceResize
{
    /// <summary>Resizes <paramref name="image"/> to <paramref name="width"/> x <paramref name="height"/>; returns [y, x, c] doubles.</summary>
    public static double[,,] Resize(RasterImage image, int width, int height, Interpolation interpolation)
    {
        var result = new double[height, width, image.Channels];
        var sx = image.Width / (double)width;
        var sy = image.Height / (double)height;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < image.Channels; c++)
                {
                    result[y, x, c] = interpolation == Interpolation.Bilinear
                        ? BilinearAt(image, c, ((x + 0.5) * sx) - 0.5, ((y + 0.5) * sy) - 0.5)
                        : AreaAt(image, c, x * sx, (x + 1) * sx, y * sy, (y + 1) * sy);
                }
            }
        }

        return result;
    }

    private static double BilinearAt(RasterImage image, int c, double fx, double fy)
    {
        var x0 = (int)Math.Floor(fx);
        var y0 = (int)Math.Floor(fy);
        var tx = fx - x0;
        var ty = fy - y0;
        double P(int x, int y) => image[Math.Clamp(x, 0, image.Width - 1), Math.Clamp(y, 0, image.Height - 1), c];
        var top = (P(x0, y0) * (1 - tx)) + (P(x0 + 1, y0) * tx);
        var bottom = (P(x0, y0 + 1) * (1 - tx)) + (P(x0 + 1, y0 + 1) * tx);
        return (top * (1 - ty)) + (bottom * ty);
    }

    private static double AreaAt(RasterImage image, int c, double xFrom, double xTo, double yFrom, double yTo)
    {
        double sum = 0, total = 0;
        for (var y = (int)Math.Floor(yFrom); y < Math.Min(image.Height, (int)Math.Ceiling(yTo)); y++)
        {
            var wy = Math.Min(yTo, y + 1) - Math.Max(yFrom, y);
            for (var x = (int)Math.Floor(xFrom); x < Math.Min(image.Width, (int)Math.Ceiling(xTo)); x++)
            {
                var w = wy * (Math.Min(xTo, x + 1) - Math.Max(xFrom, x));
                sum += w * image[x, y, c];
                total += w;
            }
        }

        return sum / total;
    }
}
