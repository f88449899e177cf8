namespace ModelServing.Core.PostProcessing;

/// <summary>A point or vector in pixel coordinates (x right, y down; integer values are pixel centres).</summary>
internal readonly record struct PointD(double X, double Y)
{
    public static PointD operator +(PointD a, PointD b) => new(a.X + b.X, a.Y + b.Y);

    public static PointD operator -(PointD a, PointD b) => new(a.X - b.X, a.Y - b.Y);

    public static PointD operator *(PointD a, double s) => new(a.X * s, a.Y * s);

    /// <summary>Dot product.</summary>
    public static double Dot(PointD a, PointD b) => (a.X * b.X) + (a.Y * b.Y);

    /// <summary>z component of the cross product; positive when <paramref name="b"/> lies to the left of <paramref name="a"/>.</summary>
    public static double Cross(PointD a, PointD b) => (a.X * b.Y) - (a.Y * b.X);

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt((X * X) + (Y * Y));
}
