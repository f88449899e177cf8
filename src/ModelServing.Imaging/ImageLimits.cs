namespace ModelServing.Imaging;

/// <summary>Limits applied to every image before its pixels are decoded.</summary>
public static class ImageLimits
{
    /// <summary>The default largest pixel count (width times height) decoded: 40 megapixels.</summary>
    /// <remarks>At most 120 MB of RGB pixels; a 100000x100000 header is refused before any pixel buffer exists.</remarks>
    public const long DefaultMaxPixels = 40_000_000;
}
