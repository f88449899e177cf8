namespace ModelServing.Core.PostProcessing;

/// <summary>A rectangle at any angle: centre, side lengths and the unit direction of the <see cref="Width"/> side.</summary>
/// <param name="Center">Centre point.</param>
/// <param name="Width">Length of the side along <paramref name="Axis"/>.</param>
/// <param name="Height">Length of the other side.</param>
/// <param name="Axis">Unit vector along the <paramref name="Width"/> side.</param>
internal readonly record struct RotatedRect(PointD Center, double Width, double Height, PointD Axis)
{
    /// <summary>The shorter side.</summary>
    public double ShortSide => Math.Min(Width, Height);

    /// <summary>Area.</summary>
    public double Area => Width * Height;

    /// <summary>Perimeter.</summary>
    public double Perimeter => 2 * (Width + Height);

    /// <summary>The rectangle moved outwards by <paramref name="distance"/> on every side.</summary>
    public RotatedRect Inflate(double distance) =>
        this with { Width = Width + (2 * distance), Height = Height + (2 * distance) };

    /// <summary>Writes the four corners, going round the rectangle.</summary>
    public void GetCorners(Span<PointD> corners)
    {
        var along = Axis * (Width / 2);
        var across = new PointD(-Axis.Y, Axis.X) * (Height / 2);
        corners[0] = Center - along - across;
        corners[1] = Center + along - across;
        corners[2] = Center + along + across;
        corners[3] = Center - along + across;
    }
}
