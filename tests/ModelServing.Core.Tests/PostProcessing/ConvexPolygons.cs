namespace ModelServing.Core.Tests.PostProcessing;

/// <summary>Area and intersection-over-union of convex polygons (Sutherland-Hodgman clipping), for box assertions.</summary>
internal static class ConvexPolygons
{
    public static double Area(IReadOnlyList<(double X, double Y)> polygon)
    {
        double twice = 0;
        for (var i = 0; i < polygon.Count; i++)
        {
            var (a, b) = (polygon[i], polygon[(i + 1) % polygon.Count]);
            twice += (a.X * b.Y) - (b.X * a.Y);
        }

        return Math.Abs(twice) / 2;
    }

    public static double IoU(IReadOnlyList<(float X, float Y)> first, IReadOnlyList<(float X, float Y)> second)
    {
        var a = Oriented(first);
        var b = Oriented(second);
        var intersection = Area(Clip(a, b));
        return intersection / (Area(a) + Area(b) - intersection);
    }

    // Keeps the part of the subject inside the convex clip polygon; both counter-clockwise in the signed-area sense.
    private static List<(double X, double Y)> Clip(List<(double X, double Y)> subject, List<(double X, double Y)> clip)
    {
        var output = subject;
        for (var i = 0; i < clip.Count && output.Count > 0; i++)
        {
            var (c0, c1) = (clip[i], clip[(i + 1) % clip.Count]);
            var input = output;
            output = [];
            for (var j = 0; j < input.Count; j++)
            {
                var (p, q) = (input[j], input[(j + 1) % input.Count]);
                var (pIn, qIn) = (Side(c0, c1, p) >= 0, Side(c0, c1, q) >= 0);
                if (pIn)
                {
                    output.Add(p);
                }

                if (pIn != qIn)
                {
                    var (sp, sq) = (Side(c0, c1, p), Side(c0, c1, q));
                    var t = sp / (sp - sq);
                    output.Add((p.X + (t * (q.X - p.X)), p.Y + (t * (q.Y - p.Y))));
                }
            }
        }

        return output;
    }

    private static double Side((double X, double Y) a, (double X, double Y) b, (double X, double Y) p) =>
        ((b.X - a.X) * (p.Y - a.Y)) - ((b.Y - a.Y) * (p.X - a.X));

    private static List<(double X, double Y)> Oriented(IReadOnlyList<(float X, float Y)> polygon)
    {
        var points = polygon.Select(p => ((double)p.X, (double)p.Y)).ToList();
        double twice = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var (a, b) = (points[i], points[(i + 1) % points.Count]);
            twice += (a.Item1 * b.Item2) - (b.Item1 * a.Item2);
        }

        if (twice < 0)
        {
            points.Reverse();
        }

        return points;
    }
}
