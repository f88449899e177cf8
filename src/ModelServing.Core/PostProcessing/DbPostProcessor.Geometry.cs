namespace ModelServing.Core.PostProcessing;

/// <summary>Region points, unclipping and the mapping back to the original image.</summary>
internal static partial class DbPostProcessor
{
    /// <summary>The rectangle grown by <c>area * ratio / perimeter</c> on every side.</summary>
    /// <remarks>
    /// PaddleOCR offsets the polygon with pyclipper (round joins) and takes the minimum-area rectangle of the result. For a
    /// rectangle, the offset shape is the rectangle grown by d with rounded corners, and its minimum-area rectangle is
    /// exactly the rectangle grown by d on every side, so that is computed directly.
    /// </remarks>
    internal static RotatedRect Unclip(RotatedRect rect, double ratio)
    {
        var perimeter = rect.Perimeter;
        var distance = perimeter > 0 ? rect.Area * ratio / perimeter : 0;
        return rect.Inflate(distance);
    }

    // The hull of a region equals the hull of each row's outermost pixels, so only those are collected.
    private static int RowExtremes(ReadOnlySpan<PixelRun> runs, PointD[] points)
    {
        var count = 0;
        var i = 0;
        while (i < runs.Length)
        {
            var row = runs[i].Row;
            var left = runs[i].Start;
            var right = runs[i].End;
            for (i++; i < runs.Length && runs[i].Row == row; i++)
            {
                right = runs[i].End;
            }

            points[count++] = new PointD(left, row);
            if (right != left)
            {
                points[count++] = new PointD(right, row);
            }
        }

        return count;
    }

    private static (float X, float Y)[] ToOriginal(
        ReadOnlySpan<PointD> corners, double scaleX, double scaleY, int originalWidth, int originalHeight)
    {
        var result = new (float X, float Y)[corners.Length];
        for (var i = 0; i < corners.Length; i++)
        {
            // Round half to even, as numpy's round does in PaddleOCR.
            var x = Math.Clamp(Math.Round(corners[i].X * scaleX), 0, originalWidth);
            var y = Math.Clamp(Math.Round(corners[i].Y * scaleY), 0, originalHeight);
            result[i] = ((float)x, (float)y);
        }

        return result;
    }
}
