namespace ModelServing.Core.PostProcessing;

/// <summary>Minimum-area enclosing rectangle of a convex polygon by rotating calipers (O(n)).</summary>
/// <remarks>
/// The optimal rectangle has a side on a hull edge (Freeman and Shapira, 1975). For each edge, three calipers track the
/// vertex farthest along the edge, farthest across it and farthest behind it; each only moves forward as the edge turns,
/// so all edges cost O(n) together. Distances are compared unnormalised (dot and cross with the edge vector), which is
/// exact for integer pixel coordinates.
/// </remarks>
internal static class MinAreaRect
{
    /// <summary>The minimum-area rectangle around <paramref name="hull"/> as produced by <see cref="ConvexHull.Compute"/>.</summary>
    /// <remarks>One vertex gives a 0x0 rectangle, two a segment of height 0.</remarks>
    public static RotatedRect Compute(ReadOnlySpan<PointD> hull)
    {
        var n = hull.Length;
        switch (n)
        {
            case 0:
                throw new ArgumentException("The hull has no vertices.", nameof(hull));
            case 1:
                return new RotatedRect(hull[0], 0, 0, new PointD(1, 0));
            case 2:
                var segment = hull[1] - hull[0];
                var length = segment.Length;
                return new RotatedRect((hull[0] + hull[1]) * 0.5, length, 0, segment * (1 / length));
        }

        var edge0 = hull[1] - hull[0];
        int ahead = 0, across = 0, behind = 0;
        for (var j = 1; j < n; j++)
        {
            var v = hull[j] - hull[0];
            if (PointD.Dot(v, edge0) > PointD.Dot(hull[ahead] - hull[0], edge0))
            {
                ahead = j;
            }

            if (PointD.Cross(edge0, v) > PointD.Cross(edge0, hull[across] - hull[0]))
            {
                across = j;
            }

            if (PointD.Dot(v, edge0) < PointD.Dot(hull[behind] - hull[0], edge0))
            {
                behind = j;
            }
        }

        var bestArea = double.PositiveInfinity;
        var best = default(RotatedRect);
        for (var i = 0; i < n; i++)
        {
            var origin = hull[i];
            var edge = hull[(i + 1) % n] - origin;
            ahead = Advance(hull, ahead, edge, static (step, e) => PointD.Dot(step, e) > 0);
            across = Advance(hull, across, edge, static (step, e) => PointD.Cross(e, step) > 0);
            behind = Advance(hull, behind, edge, static (step, e) => PointD.Dot(step, e) < 0);

            var maxAlong = PointD.Dot(hull[ahead] - origin, edge);
            var minAlong = PointD.Dot(hull[behind] - origin, edge);
            var maxAcross = PointD.Cross(edge, hull[across] - origin);
            var lengthSquared = PointD.Dot(edge, edge);
            var area = (maxAlong - minAlong) * maxAcross / lengthSquared;
            if (area < bestArea)
            {
                bestArea = area;
                var edgeLength = Math.Sqrt(lengthSquared);
                var axis = edge * (1 / edgeLength);
                var normal = new PointD(-axis.Y, axis.X);
                var width = (maxAlong - minAlong) / edgeLength;
                var height = maxAcross / edgeLength;
                var center = origin + (axis * ((maxAlong + minAlong) / (2 * edgeLength))) + (normal * (height / 2));
                best = new RotatedRect(center, width, height, axis);
            }
        }

        return best;
    }

    // Moves a caliper forward while the next vertex improves it; at most one lap.
    private static int Advance(ReadOnlySpan<PointD> hull, int index, PointD edge, Func<PointD, PointD, bool> improves)
    {
        var n = hull.Length;
        for (var steps = 0; steps < n; steps++)
        {
            var next = (index + 1) % n;
            if (!improves(hull[next] - hull[index], edge))
            {
                break;
            }

            index = next;
        }

        return index;
    }
}
