namespace ModelServing.Core.Tests.PostProcessing;

/// <summary>A synthetic detector probability map for tests: background 0 with shapes painted at known places.</summary>
internal sealed class ProbabilityMap(int height, int width)
{
    public int Height { get; } = height;

    public int Width { get; } = width;

    public float[] Data { get; } = new float[height * width];

    /// <summary>Sets pixels x0..x1, y0..y1 (inclusive) to <paramref name="value"/>.</summary>
    public ProbabilityMap FillRect(int x0, int y0, int x1, int y1, float value)
    {
        for (var y = y0; y <= y1; y++)
        {
            Data.AsSpan((y * Width) + x0, x1 - x0 + 1).Fill(value);
        }

        return this;
    }

    /// <summary>Sets every pixel whose centre lies inside the rotated rectangle to <paramref name="value"/>.</summary>
    public ProbabilityMap FillRotatedRect(double cx, double cy, double width, double height, double degrees, float value)
    {
        var (ux, uy) = (Math.Cos(degrees * Math.PI / 180), Math.Sin(degrees * Math.PI / 180));
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (dx, dy) = (x - cx, y - cy);
                var along = (dx * ux) + (dy * uy);
                var across = (-dx * uy) + (dy * ux);
                if (Math.Abs(along) <= width / 2 && Math.Abs(across) <= height / 2)
                {
                    Data[(y * Width) + x] = value;
                }
            }
        }

        return this;
    }

    /// <summary>Corners of a rotated rectangle: top-left, top-right, bottom-right, bottom-left for small angles.</summary>
    public static (float X, float Y)[] RotatedCorners(double cx, double cy, double width, double height, double degrees)
    {
        var (ux, uy) = (Math.Cos(degrees * Math.PI / 180), Math.Sin(degrees * Math.PI / 180));
        (double, double)[] offsets = [(-1, -1), (1, -1), (1, 1), (-1, 1)];
        var corners = new (float X, float Y)[4];
        for (var i = 0; i < 4; i++)
        {
            var (a, b) = offsets[i];
            var along = a * width / 2;
            var across = b * height / 2;
            corners[i] = ((float)(cx + (along * ux) - (across * uy)), (float)(cy + (along * uy) + (across * ux)));
        }

        return corners;
    }
}
