namespace ModelServing.Imaging;

/// <summary>What an encoded image's header declares, read without decoding any pixel.</summary>
/// <param name="Format">JPEG or PNG.</param>
/// <param name="Width">Width in pixels as declared (may be zero or huge: checked against limits before decoding).</param>
/// <param name="Height">Height in pixels as declared.</param>
/// <param name="ColorSpace">How colours are stored.</param>
/// <param name="Channels">
/// Colour channels after palette expansion, alpha included: 1 gray, 2 gray+alpha, 3 RGB/YCbCr/palette, 4 RGBA/CMYK/YCCK or a
/// palette or colour key made transparent by a tRNS chunk.
/// </param>
/// <param name="BitDepth">Bits per sample (PNG: 1, 2, 4, 8 or 16; a palette's index depth; JPEG: 8).</param>
/// <param name="HasAlpha">Whether some pixels may be transparent (alpha channel or PNG tRNS chunk).</param>
public readonly record struct ImageHeader(
    ImageFormat Format, int Width, int Height, ImageColorSpace ColorSpace, int Channels, int BitDepth, bool HasAlpha)
{
    /// <summary>Width times height.</summary>
    public long PixelCount => (long)Width * Height;
}
