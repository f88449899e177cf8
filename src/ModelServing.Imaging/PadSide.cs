namespace ModelServing.Imaging;

/// <summary>Where the image sits when the tensor is larger than the resized image (where the padding goes).</summary>
public enum PadSide
{
    /// <summary>Image at the top-left corner; padding on the right and at the bottom.</summary>
    BottomRight,

    /// <summary>Image against the left edge, centred vertically; padding on the right (PP-OCR cls/rec).</summary>
    Right,

    /// <summary>Image centred on both axes; padding split equally (the odd pixel goes right/bottom).</summary>
    Center,
}
