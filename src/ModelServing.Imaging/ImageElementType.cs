namespace ModelServing.Imaging;

/// <summary>The tensor element type written.</summary>
public enum ImageElementType
{
    /// <summary>32-bit IEEE float, 4 bytes.</summary>
    Float32,

    /// <summary>Unsigned byte: the normalized value rounded to nearest and clamped to 0..255, 1 byte.</summary>
    UInt8,

    /// <summary>16-bit IEEE half float (round to nearest even), 2 bytes.</summary>
    Float16,
}
