namespace ModelServing.Imaging;

/// <summary>The kinds of <see cref="ImageTargetSize"/>.</summary>
public enum ImageTargetKind
{
    /// <summary>A fixed height and width.</summary>
    Fixed,

    /// <summary>A fixed height and a width up to a maximum, padded to that maximum (PP-OCR cls/rec).</summary>
    HeightWidthUpTo,

    /// <summary>Each side a multiple of N, the longest side at most a limit (PP-OCR det, DB and EAST detectors).</summary>
    MultipleOf,
}
