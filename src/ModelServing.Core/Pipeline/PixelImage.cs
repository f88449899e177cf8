namespace ModelServing.Core.Pipeline;

/// <summary>A decoded image: 8-bit RGB pixels, row after row, three bytes per pixel.</summary>
/// <remarks>Immutable by convention: whoever creates one hands it over and does not write to <see cref="Rgb"/> afterwards.</remarks>
/// <param name="Rgb">At least <c>Width * Height * 3</c> bytes.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record PixelImage(byte[] Rgb, int Width, int Height);
