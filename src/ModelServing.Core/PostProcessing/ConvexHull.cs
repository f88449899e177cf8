namespace ModelServing.Core.PostProcessing;

/// <summary>Convex hull of a point set (Andrew's monotone chain, O(n log n)).</summary>
internal static class ConvexHull
{
    /// <summary>Writes the hull of <paramref name="points"/> into <paramref name="hull"/> and returns its vertex count.</summary>
    /// <param name="points">The points; sorted and deduplicated in place.</param>
    /// <param name="hull">Destination with room for <c>2 * points.Length</c> points.</param>
    /// <returns>
    /// The number of hull vertices, in counter-clockwise order for x right / y up (every turn has a positive cross product),
    /// without collinear vertices: 0 for no points, 1 for one distinct point, 2 when all points are collinear.
    /// </returns>
    public static int Compute(Span<PointD> points, Span<PointD> hull)
    {
        if (hull.Length < 2 * points.Length)
        {
            throw new ArgumentException("The hull buffer needs room for twice the number of points.", nameof(hull));
        }

        if (points.IsEmpty)
        {
            return 0;
        }

        points.Sort(default(XThenY));
        var distinct = 1;
        for (var i = 1; i < points.Length; i++)
        {
            if (points[i] != points[distinct - 1])
            {
                points[distinct++] = points[i];
            }
        }

        if (distinct <= 2)
        {
            points[..distinct].CopyTo(hull);
            return distinct;
        }

        var count = 0;
        for (var i = 0; i < distinct; i++)
        {
            while (count >= 2 && Turn(hull[count - 2], hull[count - 1], points[i]) <= 0)
            {
                count--;
            }

            hull[count++] = points[i];
        }

        var lowerCount = count + 1;
        for (var i = distinct - 2; i >= 0; i--)
        {
            while (count >= lowerCount && Turn(hull[count - 2], hull[count - 1], points[i]) <= 0)
            {
                count--;
            }

            hull[count++] = points[i];
        }

        // The upper chain ends on the first point again.
        return count - 1;
    }

    private static double Turn(PointD o, PointD a, PointD b) => PointD.Cross(a - o, b - o);

    private readonly struct XThenY : IComparer<PointD>
    {
        public int Compare(PointD a, PointD b)
        {
            var byX = a.X.CompareTo(b.X);
            return byX != 0 ? byX : a.Y.CompareTo(b.Y);
        }
    }
}
