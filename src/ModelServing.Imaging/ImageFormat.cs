namespace ModelServing.Imaging;

/// <summary>The container format of an encoded image, recognised by its leading magic bytes.</summary>
public enum ImageFormat
{
    /// <summary>JPEG (JFIF/Exif, baseline or progressive), decoded by libjpeg-turbo.</summary>
    Jpeg,

    /// <summary>PNG, decoded by libspng.</summary>
    Png,
}
