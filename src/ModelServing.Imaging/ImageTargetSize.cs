namespace ModelServing.Imaging;

/// <summary>The spatial size of the tensor an image is resized into; build one with the static factories.</summary>
/// <remarks>
/// The content size (the resized image) and the tensor size follow from the image's size, the target and the
/// <see cref="ResizeMode"/>; <see cref="ImagePreprocessor.Plan"/> computes both. Immutable and thread-safe.
/// </remarks>
public sealed record ImageTargetSize
{
    private ImageTargetSize(ImageTargetKind kind, int height, int width, int multiple, int? minSide, int? minWidth = null)
    {
        Kind = kind;
        Height = height;
        Width = width;
        Multiple = multiple;
        MinSide = minSide;
        MinWidth = minWidth;
    }

    /// <summary>Which rule applies.</summary>
    public ImageTargetKind Kind { get; }

    /// <summary>
    /// <see cref="ImageTargetKind.Fixed"/> and <see cref="ImageTargetKind.HeightWidthUpTo"/>: the tensor height;
    /// <see cref="ImageTargetKind.MultipleOf"/>: the longest side's limit (maxSide).
    /// </summary>
    public int Height { get; }

    /// <summary>
    /// <see cref="ImageTargetKind.Fixed"/>: the tensor width; <see cref="ImageTargetKind.HeightWidthUpTo"/>: the maximum
    /// (and tensor) width; <see cref="ImageTargetKind.MultipleOf"/>: unused (0).
    /// </summary>
    public int Width { get; }

    /// <summary>
    /// <see cref="ImageTargetKind.HeightWidthUpTo"/>: the content width is rounded up to a multiple of this (1 = none);
    /// <see cref="ImageTargetKind.MultipleOf"/>: every tensor side is a multiple of this; otherwise 1.
    /// </summary>
    public int Multiple { get; }

    /// <summary><see cref="ImageTargetKind.MultipleOf"/> only: images whose shortest side is smaller are enlarged to it.</summary>
    public int? MinSide { get; }

    /// <summary>
    /// <see cref="ImageTargetKind.HeightWidthUpTo"/> built by <see cref="HeightWidthToWidest"/>: the tensor is only as wide
    /// as its content, at least this many pixels (images of different widths then pad to the widest, not to the maximum);
    /// null when every tensor is <see cref="Width"/> wide.
    /// </summary>
    public int? MinWidth { get; }

    /// <summary>True when the tensor width follows the content (<see cref="MinWidth"/> is set) instead of being <see cref="Width"/>.</summary>
    public bool PadsToWidest => MinWidth is not null;

    /// <summary>The longest side's limit of <see cref="ImageTargetKind.MultipleOf"/>.</summary>
    public int MaxSide => Kind == ImageTargetKind.MultipleOf ? Height : 0;

    /// <summary>A fixed tensor size (classifiers: 224x224).</summary>
    /// <param name="height">Tensor height in pixels.</param>
    /// <param name="width">Tensor width in pixels.</param>
    public static ImageTargetSize Fixed(int height, int width) => new(ImageTargetKind.Fixed, height, width, 1, null);

    /// <summary>
    /// PP-OCR cls/rec: resize to <paramref name="height"/> keeping the aspect ratio, content width
    /// min(<paramref name="maxWidth"/>, ceil(height * w / h)) (rounded up to <paramref name="widthMultiple"/>), then pad to
    /// <paramref name="maxWidth"/>. With <see cref="ResizeMode.Stretch"/> (PaddleOCR's <c>resize_norm_img</c>) a too-wide image is
    /// squeezed to maxWidth; with <see cref="ResizeMode.KeepAspectPad"/> it is shrunk to fit and padded below.
    /// </summary>
    /// <param name="height">Tensor and content height (48 for PP-OCR).</param>
    /// <param name="maxWidth">Tensor width (192 for PP-OCR cls, 320 for rec).</param>
    /// <param name="widthMultiple">The content width is rounded up to a multiple of this (1 = exact).</param>
    public static ImageTargetSize HeightWidthUpTo(int height, int maxWidth, int widthMultiple = 1) =>
        new(ImageTargetKind.HeightWidthUpTo, height, maxWidth, widthMultiple, null);

    /// <summary>
    /// PP-OCR rec as PaddleOCR batches it: like <see cref="HeightWidthUpTo"/>, but the tensor is as wide as the content
    /// (at least <paramref name="minWidth"/>, at most <paramref name="maxWidth"/>), so a batch pads only to its widest line.
    /// </summary>
    /// <param name="height">Tensor and content height (48 for PP-OCR).</param>
    /// <param name="maxWidth">The widest content; wider lines are squeezed (stretch) or shrunk (keepAspectPad).</param>
    /// <param name="minWidth">The narrowest tensor; narrower content is padded to it (1 = none).</param>
    public static ImageTargetSize HeightWidthToWidest(int height, int maxWidth, int minWidth = 1) =>
        new(ImageTargetKind.HeightWidthUpTo, height, maxWidth, 1, null, minWidth);

    /// <summary>
    /// Detectors (PaddleOCR <c>DetResizeForTest</c>, <c>limit_type='max'</c>): ratio = min(1, maxSide / max(h, w)) (raised to
    /// reach <paramref name="minSide"/> on the shortest side when given, never past maxSide), then each side
    /// int(side * ratio) rounded to the nearest multiple (half to even, as Python's round), at least one multiple.
    /// </summary>
    /// <param name="multiple">Every tensor side is a multiple of this (32).</param>
    /// <param name="maxSide">The longest side's limit (960).</param>
    /// <param name="minSide">Optional: enlarge images whose shortest side is smaller than this.</param>
    public static ImageTargetSize MultipleOf(int multiple = 32, int maxSide = 960, int? minSide = null) =>
        new(ImageTargetKind.MultipleOf, maxSide, 0, multiple, minSide);

    /// <summary>Adds this target's problems to <paramref name="errors"/>.</summary>
    internal void Validate(List<string> errors)
    {
        switch (Kind)
        {
            case ImageTargetKind.Fixed:
                Require(errors, Height is > 0 and <= 65535 && Width is > 0 and <= 65535, "target height and width must be 1..65535");
                break;
            case ImageTargetKind.HeightWidthUpTo:
                Require(errors, Height is > 0 and <= 65535 && Width is > 0 and <= 65535, "target height and maxWidth must be 1..65535");
                Require(errors, Multiple >= 1, "target widthMultiple must be at least 1");
                Require(errors, MinWidth is null || (MinWidth >= 1 && MinWidth <= Width), "target minWidth must be 1..maxWidth");
                break;
            default:
                Require(errors, Multiple is > 0 and <= 4096, "target multiple must be 1..4096");
                Require(errors, Height >= Multiple && Height <= 65535, "target maxSide must be at least the multiple and at most 65535");
                Require(errors, MinSide is null || (MinSide > 0 && MinSide <= Height), "target minSide must be 1..maxSide");
                break;
        }
    }

    private static void Require(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }
}
