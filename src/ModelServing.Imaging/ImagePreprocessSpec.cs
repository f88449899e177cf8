namespace ModelServing.Imaging;

/// <summary>How one encoded image becomes one tensor instance: target size, resize, normalization, layout and type.</summary>
/// <remarks>
/// Each tensor value is ((resized pixel * <see cref="Scale"/>) - Mean[c]) / Std[c], c being the tensor channel (after
/// <see cref="ChannelOrder"/>). Immutable once built; validate it once at load with <see cref="Validate"/>.
/// </remarks>
public sealed record ImagePreprocessSpec
{
    /// <summary>The tensor's spatial size rule.</summary>
    public required ImageTargetSize Target { get; init; }

    /// <summary>How the image is fitted into the target. <value>Stretch</value></summary>
    public ResizeMode Mode { get; init; } = ResizeMode.Stretch;

    /// <summary>Where the image sits when padded. <value>BottomRight</value></summary>
    public PadSide PadSide { get; init; } = PadSide.BottomRight;

    /// <summary>The tensor value written where there is no image (after normalization). <value>0</value></summary>
    public float PadValue { get; init; }

    /// <summary>The resampling filter. <value>Bilinear</value></summary>
    public Interpolation Interpolation { get; init; } = Interpolation.Bilinear;

    /// <summary>Factor applied to 0..255 pixel values first. <value>1/255</value></summary>
    public float Scale { get; init; } = 1f / 255f;

    /// <summary>Per tensor channel, subtracted after scaling: one value for all channels or at least <see cref="Channels"/>. <value>[0, 0, 0]</value></summary>
    public float[] Mean { get; init; } = [0f, 0f, 0f];

    /// <summary>Per tensor channel divisor after the mean: one value or at least <see cref="Channels"/>, none zero. <value>[1, 1, 1]</value></summary>
    public float[] Std { get; init; } = [1f, 1f, 1f];

    /// <summary>Colour channel order in the tensor. <value>Rgb</value></summary>
    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    /// <summary>3 (colour) or 1 (gray: the gray channel, or BT.601 luma of a colour image). <value>3</value></summary>
    public int Channels { get; init; } = 3;

    /// <summary>Axis order. <value>Nchw</value></summary>
    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    /// <summary>Element type written. <value>Float32</value></summary>
    public ImageElementType ElementType { get; init; } = ImageElementType.Float32;

    /// <summary>Largest width * height decoded; larger headers are refused before decoding. <value>40 000 000</value></summary>
    public long MaxPixels { get; init; } = ImageLimits.DefaultMaxPixels;

    /// <summary>The colour transparent pixels (PNG alpha or tRNS) are composited over. <value>white</value></summary>
    public RgbColor Background { get; init; } = RgbColor.White;

    /// <summary>
    /// Whether a JPEG much larger than its content size may be decoded at 1/2, 1/4 or 1/8 scale in the DCT domain
    /// (never below the content size). Much faster; pixels then differ slightly from a full decode. <value>true</value>
    /// </summary>
    public bool DctScaling { get; init; } = true;

    /// <summary>Bytes per tensor element of <see cref="ElementType"/>.</summary>
    public int ElementSize => ElementType switch
    {
        ImageElementType.UInt8 => 1,
        ImageElementType.Float16 => 2,
        _ => 4,
    };

    /// <summary>Every problem with this spec; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Target is null)
        {
            errors.Add("target is required");
        }
        else
        {
            Target.Validate(errors);
        }

        if (Channels is not (1 or 3))
        {
            errors.Add("channels must be 1 or 3");
        }
        else if (Target is not null && LargestTensorBytes(Target) > Array.MaxLength)
        {
            errors.Add("the target's tensor can exceed 2 GB");
        }

        ValidatePerChannel(errors, Mean, "mean", allowZero: true);
        ValidatePerChannel(errors, Std, "std", allowZero: false);
        if (!float.IsFinite(Scale) || !float.IsFinite(PadValue))
        {
            errors.Add("scale and padValue must be finite");
        }

        if (MaxPixels <= 0)
        {
            errors.Add("maxPixels must be positive");
        }

        if (!Enum.IsDefined(Mode) || !Enum.IsDefined(PadSide) || !Enum.IsDefined(Interpolation) || !Enum.IsDefined(ChannelOrder)
            || !Enum.IsDefined(Layout) || !Enum.IsDefined(ElementType))
        {
            errors.Add("an enum setting has an undefined value");
        }

        return errors;
    }

    private long LargestTensorBytes(ImageTargetSize target)
    {
        long side = target.Kind == ImageTargetKind.MultipleOf ? target.MaxSide + target.Multiple : 0;
        var (height, width) = target.Kind == ImageTargetKind.MultipleOf ? (side, side) : ((long)target.Height, (long)target.Width);
        return height * width * Channels * ElementSize;
    }

    private void ValidatePerChannel(List<string> errors, float[]? values, string name, bool allowZero)
    {
        if (values is null || (values.Length != 1 && values.Length < Channels))
        {
            errors.Add($"{name} must hold 1 value or one per channel ({Channels})");
            return;
        }

        foreach (var value in values)
        {
            if (!float.IsFinite(value) || (!allowZero && value == 0f))
            {
                errors.Add(allowZero ? $"{name} values must be finite" : $"{name} values must be finite and non-zero");
                return;
            }
        }
    }
}
