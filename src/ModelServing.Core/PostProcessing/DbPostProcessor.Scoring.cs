namespace ModelServing.Core.PostProcessing;

/// <summary>Box scores: mean probability under a polygon or over a region.</summary>
internal static partial class DbPostProcessor
{
    // Pixel centres this close to a polygon edge count as inside, so rectangles whose corners sit on pixel centres
    // (every axis-aligned region) cover their border pixels despite rounding.
    private const double EdgeTolerance = 1e-6;

    /// <summary>Mean of the map over the pixels whose centres lie inside the convex polygon (PaddleOCR <c>box_score_fast</c>).</summary>
    /// <remarks>Only the polygon's bounding box, clipped to the map, is visited. Returns 0 when no pixel centre is inside.</remarks>
    internal static double PolygonMean(ReadOnlySpan<float> map, int height, int width, ReadOnlySpan<PointD> polygon)
    {
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity;
        double minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        foreach (var p in polygon)
        {
            minX = Math.Min(minX, p.X);
            maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y);
            maxY = Math.Max(maxY, p.Y);
        }

        var left = (int)Math.Clamp(Math.Floor(minX), 0, width - 1);
        var right = (int)Math.Clamp(Math.Ceiling(maxX), 0, width - 1);
        var top = (int)Math.Clamp(Math.Floor(minY), 0, height - 1);
        var bottom = (int)Math.Clamp(Math.Ceiling(maxY), 0, height - 1);
        double sum = 0;
        long count = 0;
        for (var y = top; y <= bottom; y++)
        {
            if (!ScanlineSpan(polygon, y, out var from, out var to))
            {
                continue;
            }

            var x0 = Math.Max(left, (int)Math.Ceiling(from - EdgeTolerance));
            var x1 = Math.Min(right, (int)Math.Floor(to + EdgeTolerance));
            var row = map.Slice(y * width, width);
            for (var x = x0; x <= x1; x++)
            {
                sum += row[x];
            }

            count += Math.Max(0, x1 - x0 + 1);
        }

        return count == 0 ? 0 : sum / count;
    }

    /// <summary>Mean of the map over a region's own pixels (PaddleOCR <c>box_score_slow</c> fills the region's contour).</summary>
    internal static double RegionMean(ReadOnlySpan<float> map, int width, ReadOnlySpan<PixelRun> runs)
    {
        double sum = 0;
        long count = 0;
        foreach (var run in runs)
        {
            var row = map.Slice((run.Row * width) + run.Start, run.End - run.Start + 1);
            foreach (var value in row)
            {
                sum += value;
            }

            count += row.Length;
        }

        return count == 0 ? 0 : sum / count;
    }

    // Where the horizontal line through pixel centres of row y crosses the convex polygon.
    private static bool ScanlineSpan(ReadOnlySpan<PointD> polygon, int y, out double from, out double to)
    {
        from = double.PositiveInfinity;
        to = double.NegativeInfinity;
        for (var i = 0; i < polygon.Length; i++)
        {
            var a = polygon[i];
            var b = polygon[(i + 1) % polygon.Length];
            if (y < Math.Min(a.Y, b.Y) - EdgeTolerance || y > Math.Max(a.Y, b.Y) + EdgeTolerance)
            {
                continue;
            }

            var dy = b.Y - a.Y;
            if (Math.Abs(dy) <= EdgeTolerance)
            {
                from = Math.Min(from, Math.Min(a.X, b.X));
                to = Math.Max(to, Math.Max(a.X, b.X));
                continue;
            }

            var t = Math.Clamp((y - a.Y) / dy, 0, 1);
            var x = a.X + (t * (b.X - a.X));
            from = Math.Min(from, x);
            to = Math.Max(to, x);
        }

        return from <= to;
    }
}
