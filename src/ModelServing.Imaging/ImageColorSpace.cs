namespace ModelServing.Imaging;

/// <summary>How an encoded image stores its colours.</summary>
public enum ImageColorSpace
{
    /// <summary>One luminance channel (JPEG grayscale, PNG colour type 0).</summary>
    Gray,

    /// <summary>Luminance and alpha (PNG colour type 4).</summary>
    GrayAlpha,

    /// <summary>Red, green, blue (PNG colour type 2, or a JPEG stored without colour transform).</summary>
    Rgb,

    /// <summary>Red, green, blue, alpha (PNG colour type 6).</summary>
    Rgba,

    /// <summary>Indices into a palette of RGB colours (PNG colour type 3).</summary>
    Palette,

    /// <summary>JPEG luma and chroma, the usual colour JPEG.</summary>
    YCbCr,

    /// <summary>JPEG cyan, magenta, yellow, black (Adobe convention, stored inverted).</summary>
    Cmyk,

    /// <summary>JPEG YCbCr plus black, the Adobe transform of CMYK.</summary>
    Ycck,
}
