namespace ModelServing.Imaging.Planning;

/// <summary>Computes content size, tensor size and placement from the image size and the spec, with no pixel work.</summary>
internal static class GeometryPlanner
{
    /// <summary>The geometry of a <paramref name="width"/> x <paramref name="height"/> image (both positive).</summary>
    public static ImageGeometry Plan(int width, int height, ImagePreprocessSpec spec)
    {
        var target = spec.Target;
        int tensorWidth, tensorHeight, contentWidth, contentHeight;
        switch (target.Kind)
        {
            case ImageTargetKind.Fixed:
                (tensorWidth, tensorHeight) = (target.Width, target.Height);
                (contentWidth, contentHeight) = spec.Mode switch
                {
                    ResizeMode.Stretch => (tensorWidth, tensorHeight),
                    ResizeMode.KeepAspectCenterCrop => Cover(width, height, tensorWidth, tensorHeight),
                    _ => Fit(width, height, tensorWidth, tensorHeight),
                };
                break;
            case ImageTargetKind.HeightWidthUpTo:
                (tensorWidth, tensorHeight) = (target.Width, target.Height);
                // Computed as PaddleOCR does (ceil(H * (w / h)) in doubles) so the widths agree bit for bit.
                var natural = RoundUp(Math.Max(1, CeilToInt(tensorHeight * (width / (double)height))), target.Multiple);
                (contentWidth, contentHeight) = spec.Mode switch
                {
                    // PaddleOCR resize_norm_img: a too-wide line is squeezed to the maximum width.
                    ResizeMode.Stretch => (Math.Min(natural, tensorWidth), tensorHeight),
                    ResizeMode.KeepAspectCenterCrop => (natural, tensorHeight),
                    _ => natural <= tensorWidth
                        ? (natural, tensorHeight)
                        : (tensorWidth, Math.Clamp(RoundToInt(tensorWidth * (double)height / width), 1, tensorHeight)),
                };
                if (target.MinWidth is { } minWidth)
                {
                    // Padded per batch (PaddleOCR's predict_rec): only as wide as the content, never past maxWidth.
                    tensorWidth = Math.Min(Math.Max(contentWidth, minWidth), tensorWidth);
                }

                break;
            default:
                var ratio = MultipleOfRatio(width, height, target);
                var multiple = target.Multiple;
                if (spec.Mode == ResizeMode.Stretch)
                {
                    // PaddleOCR DetResizeForTest: int(side * ratio), then max(round(side / m) * m, m), Python's round (half to even).
                    tensorWidth = Math.Max((int)Math.Round((int)(width * ratio) / (double)multiple) * multiple, multiple);
                    tensorHeight = Math.Max((int)Math.Round((int)(height * ratio) / (double)multiple) * multiple, multiple);
                    (contentWidth, contentHeight) = (tensorWidth, tensorHeight);
                }
                else
                {
                    contentWidth = Math.Max(1, (int)(width * ratio));
                    contentHeight = Math.Max(1, (int)(height * ratio));
                    var pad = spec.Mode == ResizeMode.KeepAspectPad;
                    tensorWidth = Math.Max(multiple, pad ? RoundUp(contentWidth, multiple) : contentWidth / multiple * multiple);
                    tensorHeight = Math.Max(multiple, pad ? RoundUp(contentHeight, multiple) : contentHeight / multiple * multiple);
                }

                break;
        }

        var offsetX = Place(contentWidth, tensorWidth, spec.PadSide == PadSide.Center);
        var offsetY = Place(contentHeight, tensorHeight, spec.PadSide != PadSide.BottomRight);
        return new ImageGeometry(
            width, height, tensorWidth, tensorHeight, contentWidth, contentHeight, offsetX, offsetY,
            contentWidth / (double)width, contentHeight / (double)height);
    }

    /// <summary>DetResizeForTest's ratio: min(1, maxSide / longest), raised for minSide, never past maxSide.</summary>
    private static double MultipleOfRatio(int width, int height, ImageTargetSize target)
    {
        var longest = Math.Max(width, height);
        var ratio = longest > target.MaxSide ? target.MaxSide / (double)longest : 1.0;
        if (target.MinSide is { } minSide && Math.Min(width, height) * ratio < minSide)
        {
            ratio = Math.Min(minSide / (double)Math.Min(width, height), target.MaxSide / (double)longest);
        }

        return ratio;
    }

    /// <summary>Uniform scale covering the target (centre crop).</summary>
    private static (int Width, int Height) Cover(int width, int height, int targetWidth, int targetHeight)
    {
        var scale = Math.Max(targetWidth / (double)width, targetHeight / (double)height);
        return (Math.Max(targetWidth, RoundToInt(width * scale)), Math.Max(targetHeight, RoundToInt(height * scale)));
    }

    /// <summary>Uniform scale fitting inside the target (pad).</summary>
    private static (int Width, int Height) Fit(int width, int height, int targetWidth, int targetHeight)
    {
        var scale = Math.Min(targetWidth / (double)width, targetHeight / (double)height);
        return (Math.Clamp(RoundToInt(width * scale), 1, targetWidth), Math.Clamp(RoundToInt(height * scale), 1, targetHeight));
    }

    /// <summary>
    /// The tensor coordinate of the content's first pixel on one axis: centred (negative) when the content overflows,
    /// else 0 or centred in the slack.
    /// </summary>
    private static int Place(int content, int tensor, bool centre) =>
        content > tensor ? -((content - tensor) / 2) : centre ? (tensor - content) / 2 : 0;

    private static int RoundUp(int value, int multiple) => multiple <= 1 ? value : (value + multiple - 1) / multiple * multiple;

    private static int CeilToInt(double value) => (int)Math.Min(int.MaxValue / 2, Math.Ceiling(value));

    private static int RoundToInt(double value) => (int)Math.Min(int.MaxValue / 2, Math.Round(value, MidpointRounding.AwayFromZero));
}
