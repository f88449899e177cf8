namespace ModelServing.Imaging.Codecs;

/// <summary>Recognises JPEG and PNG by their signatures.</summary>
internal static class ImageSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    /// <summary>The format of <paramref name="encoded"/>, or an <see cref="ImageDecodeException"/>.</summary>
    public static ImageFormat Detect(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new ImageDecodeException(ImageDecodeError.Empty, "empty image data");
        }

        if (encoded.StartsWith(JpegSignature))
        {
            return ImageFormat.Jpeg;
        }

        if (encoded.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }

        throw new ImageDecodeException(ImageDecodeError.NotAnImage, "not a JPEG or PNG image");
    }

    /// <summary>The refusal for an image larger than allowed.</summary>
    public static ImageDecodeException TooLarge(long width, long height, long maxPixels) =>
        new(ImageDecodeError.TooLarge, $"image is {width}x{height} pixels, more than the {maxPixels} allowed");

    /// <summary>Throws when a declared size is empty or larger than allowed.</summary>
    public static void CheckSize(long width, long height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageDecodeException(ImageDecodeError.ZeroSize, "image has zero width or height");
        }

        if (width * height > maxPixels)
        {
            throw TooLarge(width, height, maxPixels);
        }
    }
}
