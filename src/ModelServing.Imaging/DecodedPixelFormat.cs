namespace ModelServing.Imaging;

/// <summary>The pixel layout <see cref="ImageDecoder.Decode"/> writes.</summary>
public enum DecodedPixelFormat
{
    /// <summary>3 bytes per pixel, R G B, rows top to bottom without padding.</summary>
    Rgb24,

    /// <summary>1 byte per pixel: the image's gray channel, or BT.601 luma (0.299 R + 0.587 G + 0.114 B) of a colour image.</summary>
    Gray8,
}
