namespace ModelServing.Imaging;

/// <summary>The resampling filter.</summary>
public enum Interpolation
{
    /// <summary>
    /// Bilinear with half-pixel centres and clamped edges, no antialiasing: TF2 <c>tf.image.resize</c> default and OpenCV
    /// <c>INTER_LINEAR</c> (source x = (x + 0.5) * in / out - 0.5).
    /// </summary>
    Bilinear,

    /// <summary>
    /// Area (box) filter: each output pixel is the exact mean of the source area it covers, fractional edge pixels weighted
    /// by their overlap (TF <c>area</c>, OpenCV <c>INTER_AREA</c> when shrinking). Antialiased when shrinking.
    /// </summary>
    Area,
}
