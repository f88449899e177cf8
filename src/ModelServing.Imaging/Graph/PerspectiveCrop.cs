using ModelServing.Core.Pipeline;

namespace ModelServing.Imaging.Graph;

/// <summary>
/// PaddleOCR's <c>get_rotate_crop_image</c>: warps a quadrilateral (top-left, top-right, bottom-right, bottom-left) of an
/// RGB image to an upright rectangle as wide and high as its longer opposite sides, and turns it 90 degrees
/// counter-clockwise when it is at least <c>tallRatio</c> times higher than wide (a vertical line).
/// </summary>
/// <remarks>Thread-safe (pure). Bilinear sampling with edge pixels repeated outside the image (OpenCV's BORDER_REPLICATE).</remarks>
internal static class PerspectiveCrop
{
    /// <summary>The rectified crop of <paramref name="quad"/> from <paramref name="page"/>.</summary>
    /// <param name="page">The decoded page.</param>
    /// <param name="quad">Top-left, top-right, bottom-right, bottom-left, in page pixels.</param>
    /// <param name="tallRatio">Height / width from which the crop is turned 90 degrees.</param>
    /// <param name="margin">Grows the quad on every side by this fraction of its shorter side first (0: PaddleOCR's crop).</param>
    public static PixelImage Crop(PixelImage page, ReadOnlySpan<(double X, double Y)> quad, double tallRatio, double margin = 0)
    {
        if (margin > 0)
        {
            Span<(double X, double Y)> grown = stackalloc (double, double)[4];
            Grow(quad, margin, grown);
            quad = grown.ToArray();
        }

        var width = Math.Max(1, (int)Math.Max(Distance(quad[0], quad[1]), Distance(quad[2], quad[3])));
        var height = Math.Max(1, (int)Math.Max(Distance(quad[0], quad[3]), Distance(quad[1], quad[2])));
        var h = Homography(quad, width, height);
        var pixels = new byte[width * height * 3];
        var stride = page.Width * 3;
        for (var v = 0; v < height; v++)
        {
            for (var u = 0; u < width; u++)
            {
                var w = (h[6] * u) + (h[7] * v) + 1;
                var x = ((h[0] * u) + (h[1] * v) + h[2]) / w;
                var y = ((h[3] * u) + (h[4] * v) + h[5]) / w;
                Sample(page, stride, x, y, pixels.AsSpan(((v * width) + u) * 3, 3));
            }
        }

        var crop = new PixelImage(pixels, width, height);
        return height >= tallRatio * width ? TurnLeft(crop) : crop;
    }

    /// <summary>Moves each corner outwards along the quad's two axes by <paramref name="margin"/> times its shorter side.</summary>
    private static void Grow(ReadOnlySpan<(double X, double Y)> quad, double margin, Span<(double X, double Y)> grown)
    {
        var width = Math.Max(Distance(quad[0], quad[1]), 1e-9);
        var height = Math.Max(Distance(quad[0], quad[3]), 1e-9);
        var by = margin * Math.Min(width, height);
        var (ux, uy) = ((quad[1].X - quad[0].X) / width * by, (quad[1].Y - quad[0].Y) / width * by);
        var (vx, vy) = ((quad[3].X - quad[0].X) / height * by, (quad[3].Y - quad[0].Y) / height * by);
        grown[0] = (quad[0].X - ux - vx, quad[0].Y - uy - vy);
        grown[1] = (quad[1].X + ux - vx, quad[1].Y + uy - vy);
        grown[2] = (quad[2].X + ux + vx, quad[2].Y + uy + vy);
        grown[3] = (quad[3].X - ux + vx, quad[3].Y - uy + vy);
    }

    private static void Sample(PixelImage page, int stride, double x, double y, Span<byte> output)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        int Cx(int value) => Math.Clamp(value, 0, page.Width - 1);
        int Cy(int value) => Math.Clamp(value, 0, page.Height - 1);
        int a = (Cy(y0) * stride) + (Cx(x0) * 3), b = (Cy(y0) * stride) + (Cx(x0 + 1) * 3);
        int c = (Cy(y0 + 1) * stride) + (Cx(x0) * 3), d = (Cy(y0 + 1) * stride) + (Cx(x0 + 1) * 3);
        var rgb = page.Rgb;
        for (var k = 0; k < 3; k++)
        {
            var top = rgb[a + k] + ((rgb[b + k] - rgb[a + k]) * fx);
            var bottom = rgb[c + k] + ((rgb[d + k] - rgb[c + k]) * fx);
            output[k] = (byte)Math.Clamp(Math.Round(top + ((bottom - top) * fy)), 0, 255);
        }
    }

    /// <summary>np.rot90: the image turned 90 degrees counter-clockwise.</summary>
    private static PixelImage TurnLeft(PixelImage image)
    {
        var pixels = new byte[image.Rgb.Length];
        for (var r = 0; r < image.Width; r++)
        {
            for (var c = 0; c < image.Height; c++)
            {
                image.Rgb.AsSpan(((c * image.Width) + (image.Width - 1 - r)) * 3, 3).CopyTo(pixels.AsSpan(((r * image.Height) + c) * 3, 3));
            }
        }

        return new PixelImage(pixels, image.Height, image.Width);
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    /// <summary>The 3x3 matrix (h8 = 1) taking crop pixel (u, v) to page pixel: (0,0), (w,0), (w,h), (0,h) to the four corners.</summary>
    private static double[] Homography(ReadOnlySpan<(double X, double Y)> quad, int width, int height)
    {
        (double U, double V)[] corners = [(0, 0), (width, 0), (width, height), (0, height)];
        var a = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            var (u, v) = corners[i];
            var (x, y) = quad[i];
            double[] rowX = [u, v, 1, 0, 0, 0, -u * x, -v * x, x];
            double[] rowY = [0, 0, 0, u, v, 1, -u * y, -v * y, y];
            for (var k = 0; k < 9; k++)
            {
                a[2 * i, k] = rowX[k];
                a[(2 * i) + 1, k] = rowY[k];
            }
        }

        return Solve(a);
    }

    /// <summary>Gaussian elimination with partial pivoting of an 8x8 system (augmented column 8).</summary>
    private static double[] Solve(double[,] a)
    {
        for (var col = 0; col < 8; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 8; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (var k = 0; k < 9; k++)
            {
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            }

            var p = a[col, col];
            if (Math.Abs(p) < 1e-12)
            {
                // A degenerate quad (three corners in a line): fall back to its bounding box's affine map.
                return [1, 0, 0, 0, 1, 0, 0, 0];
            }

            for (var r = 0; r < 8; r++)
            {
                if (r != col)
                {
                    var f = a[r, col] / p;
                    for (var k = col; k < 9; k++)
                    {
                        a[r, k] -= f * a[col, k];
                    }
                }
            }
        }

        var h = new double[8];
        for (var i = 0; i < 8; i++)
        {
            h[i] = a[i, 8] / a[i, i];
        }

        return h;
    }
}
