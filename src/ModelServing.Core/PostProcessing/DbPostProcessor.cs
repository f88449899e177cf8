using System.Buffers;

namespace ModelServing.Core.PostProcessing;

/// <summary>Turns a DB text detector's probability map (PP-OCR det) into scored, oriented text boxes.</summary>
/// <remarks>
/// Follows PaddleOCR's <c>DBPostProcess</c> (box type <c>quad</c>): threshold, regions, minimum-area rectangle, score,
/// unclip, rectangle again, scale to the original image; then PaddleOCR's reading order. See README.md in this folder for
/// where the geometry differs from OpenCV and pyclipper. Stateless and thread-safe; scratch buffers are pooled.
/// </remarks>
internal static partial class DbPostProcessor
{
    /// <summary>Extracts text boxes from one probability map.</summary>
    /// <param name="probabilityMap">Row-major <c>[height, width]</c> text probabilities.</param>
    /// <param name="height">Map height.</param>
    /// <param name="width">Map width.</param>
    /// <param name="options">Thresholds and sizes.</param>
    /// <param name="scaleX">Original-image pixels per map pixel horizontally (original width / resized content width).</param>
    /// <param name="scaleY">Original-image pixels per map pixel vertically.</param>
    /// <param name="originalWidth">Original image width; x is clamped to [0, this].</param>
    /// <param name="originalHeight">Original image height; y is clamped to [0, this].</param>
    /// <returns>Boxes in reading order: top to bottom, and left to right within a line.</returns>
    /// <exception cref="ArgumentException">The map does not hold height * width values, or an argument is out of range.</exception>
    public static IReadOnlyList<TextBox> Extract(
        ReadOnlySpan<float> probabilityMap,
        int height,
        int width,
        DbOptions options,
        double scaleX,
        double scaleY,
        int originalWidth,
        int originalHeight)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(originalWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(originalHeight);
        if ((long)height * width != probabilityMap.Length)
        {
            throw new ArgumentException(
                $"A {height}x{width} map needs {(long)height * width} values but {probabilityMap.Length} were given.",
                nameof(probabilityMap));
        }

        if (!(scaleX > 0 && double.IsFinite(scaleX)) || !(scaleY > 0 && double.IsFinite(scaleY)))
        {
            throw new ArgumentException("The scale factors must be positive and finite.", nameof(scaleX));
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "Invalid DB options: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")), nameof(options));
        }

        var boxes = new List<TextBox>();
        if (height == 0 || width == 0)
        {
            return boxes;
        }

        using var regions = ConnectedRegions.Find(probabilityMap, height, width, options.Threshold, options.UseDilation);

        // A region contributes at most its left-most and right-most pixel per row; the hull needs twice the points.
        var points = ArrayPool<PointD>.Shared.Rent(2 * height);
        var hull = ArrayPool<PointD>.Shared.Rent(4 * height);
        try
        {
            Span<PointD> corners = stackalloc PointD[4];
            var candidates = Math.Min(regions.Count, options.MaxCandidates);
            for (var r = 0; r < candidates; r++)
            {
                var runs = regions.Region(r);
                var pointCount = RowExtremes(runs, points);
                var hullCount = ConvexHull.Compute(points.AsSpan(0, pointCount), hull);
                var rect = MinAreaRect.Compute(hull.AsSpan(0, hullCount));
                if (rect.ShortSide < options.MinSize)
                {
                    continue;
                }

                OrderCorners(rect, corners);
                var score = options.ScoreMode == DbScoreMode.Fast
                    ? PolygonMean(probabilityMap, height, width, corners)
                    : RegionMean(probabilityMap, width, runs);
                if (score < options.BoxThreshold)
                {
                    continue;
                }

                var grown = Unclip(rect, options.UnclipRatio);
                if (grown.ShortSide < options.MinSize + 2)
                {
                    continue;
                }

                OrderCorners(grown, corners);
                boxes.Add(new TextBox(ToOriginal(corners, scaleX, scaleY, originalWidth, originalHeight), (float)score));
            }
        }
        finally
        {
            ArrayPool<PointD>.Shared.Return(points);
            ArrayPool<PointD>.Shared.Return(hull);
        }

        SortReadingOrder(boxes);
        return boxes;
    }
}
