using ModelServing.Imaging.Codecs;
using ModelServing.Imaging.Planning;

namespace ModelServing.Imaging;

/// <summary>Turns encoded JPEG/PNG images into model input: decode, resize, normalize, lay out and convert in one pass.</summary>
/// <remarks>
/// Thread-safe and allocation-free per image in steady state: decoded pixels, coefficient tables and the two row buffers
/// come from the shared array pools, TurboJPEG handles from a pool. The only intermediates are the decoded image (8-bit)
/// and two float rows: one of source width (after the vertical pass), one of tensor width (after the horizontal pass).
/// </remarks>
public static unsafe partial class ImagePreprocessor
{
    /// <summary>The tensor shape of one image (C,H,W or H,W,C, without batch) and where the image lands, from its header only.</summary>
    /// <exception cref="ArgumentException"><paramref name="spec"/> is invalid (see <see cref="ImagePreprocessSpec.Validate"/>).</exception>
    /// <exception cref="ImageDecodeException">The header declares a zero size or more than <see cref="ImagePreprocessSpec.MaxPixels"/>.</exception>
    public static ImageGeometry Plan(ImageHeader header, ImagePreprocessSpec spec)
    {
        EnsureUsable(spec);
        ImageSniffer.CheckSize(header.Width, header.Height, spec.MaxPixels);
        var geometry = GeometryPlanner.Plan(header.Width, header.Height, spec);
        if (TensorBytes(geometry, spec) > Array.MaxLength)
        {
            throw new ArgumentException("the planned tensor is larger than 2 GB", nameof(spec));
        }

        return geometry;
    }

    /// <summary>The shape of the planned tensor without batch: [C, H, W] for NCHW, [H, W, C] for NHWC.</summary>
    public static int[] Shape(ImageGeometry geometry, ImagePreprocessSpec spec) => spec.Layout == TensorLayout.Nchw
        ? [spec.Channels, geometry.TensorHeight, geometry.TensorWidth]
        : [geometry.TensorHeight, geometry.TensorWidth, spec.Channels];

    /// <summary>Bytes one image occupies in the tensor: channels x height x width x element size.</summary>
    public static long TensorBytes(ImageGeometry geometry, ImagePreprocessSpec spec) =>
        (long)geometry.TensorWidth * geometry.TensorHeight * spec.Channels * spec.ElementSize;

    /// <summary>Decodes one image and writes it straight into <paramref name="destination"/>, this instance's slice of the tensor.</summary>
    /// <param name="encoded">JPEG or PNG bytes.</param>
    /// <param name="spec">The preprocessing.</param>
    /// <param name="destination">
    /// Exactly <see cref="TensorBytes"/> bytes (pass <c>MemoryMarshal.AsBytes</c> of a float, Half or byte span); every byte is
    /// written: image where the content lands, <see cref="ImagePreprocessSpec.PadValue"/> elsewhere.
    /// </param>
    /// <returns>The geometry, to map output coordinates back to the original image.</returns>
    /// <exception cref="ImageDecodeException">The image is refused (bad bytes, too large...); the message is caller-safe.</exception>
    /// <exception cref="ArgumentException">Invalid spec or a destination of the wrong length.</exception>
    public static ImageGeometry Process(ReadOnlySpan<byte> encoded, ImagePreprocessSpec spec, Span<byte> destination)
    {
        EnsureUsable(spec);
        fixed (byte* data = encoded)
        fixed (byte* output = destination)
        {
            var session = DecodeSession.Open(data, encoded, spec.MaxPixels);
            try
            {
                var geometry = Plan(session.Header, spec);
                Decode(ref session, geometry, spec, destination.Length, output);
                return geometry;
            }
            finally
            {
                session.Dispose();
            }
        }
    }

    /// <summary>
    /// Decodes one image already planned from its header (<see cref="ImageDecoder.ReadHeader"/> and <see cref="Plan"/>)
    /// into <paramref name="destination"/>: the plan is used as is, and a JPEG header is not read again.
    /// </summary>
    /// <param name="encoded">The same bytes the header was read from.</param>
    /// <param name="spec">The spec the plan was made with.</param>
    /// <param name="header">The image's header.</param>
    /// <param name="plan">The image's geometry from <see cref="Plan"/>.</param>
    /// <param name="destination">Exactly <see cref="TensorBytes"/> of the plan; every byte is written.</param>
    /// <exception cref="ImageDecodeException">The image is refused (bad bytes past the header...); the message is caller-safe.</exception>
    /// <exception cref="ArgumentException">Invalid spec, a plan for another size, or a destination of the wrong length.</exception>
    public static void Process(ReadOnlySpan<byte> encoded, ImagePreprocessSpec spec, in ImageHeader header, in ImageGeometry plan, Span<byte> destination)
    {
        EnsureUsable(spec);
        if (plan.OriginalWidth != header.Width || plan.OriginalHeight != header.Height)
        {
            throw new ArgumentException("the plan was made for another image", nameof(plan));
        }

        fixed (byte* data = encoded)
        fixed (byte* output = destination)
        {
            var session = DecodeSession.Reopen(data, encoded, spec.MaxPixels, header);
            try
            {
                Decode(ref session, plan, spec, destination.Length, output);
            }
            finally
            {
                session.Dispose();
            }
        }
    }

    private static void Decode(ref DecodeSession session, in ImageGeometry geometry, ImagePreprocessSpec spec, int destination, byte* output)
    {
        var header = session.Header;
        var needed = TensorBytes(geometry, spec);
        if (destination != needed)
        {
            throw new ArgumentException($"destination holds {destination} bytes; this image's tensor takes {needed}", nameof(destination));
        }

        var denominator = header.Format == ImageFormat.Jpeg && spec.DctScaling
            ? JpegCodec.ChooseScaleDenominator(header.Width, header.Height, geometry.ContentWidth, geometry.ContentHeight)
            : 1;
        using var pixels = session.Decode(denominator, spec.Channels == 1, spec.Background);
        Render(pixels, geometry, spec, output, denominator);
    }

    private static void EnsureUsable(ImagePreprocessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!IsUsable(spec))
        {
            throw new ArgumentException("invalid image preprocessing: " + string.Join("; ", spec.Validate()), nameof(spec));
        }
    }

    /// <summary>The allocation-free subset of <see cref="ImagePreprocessSpec.Validate"/> checked on every call.</summary>
    private static bool IsUsable(ImagePreprocessSpec spec)
    {
        if (spec.Target is null || spec.Channels is not (1 or 3) || spec.MaxPixels <= 0 || spec.Mean is null || spec.Std is null
            || (spec.Mean.Length != 1 && spec.Mean.Length < spec.Channels) || (spec.Std.Length != 1 && spec.Std.Length < spec.Channels)
            || (uint)spec.Mode > 2 || (uint)spec.PadSide > 2 || (uint)spec.Interpolation > 1 || (uint)spec.ChannelOrder > 1
            || (uint)spec.Layout > 1 || (uint)spec.ElementType > 2)
        {
            return false;
        }

        foreach (var std in spec.Std)
        {
            if (std == 0f || !float.IsFinite(std))
            {
                return false;
            }
        }

        var target = spec.Target;
        return target.Kind == ImageTargetKind.MultipleOf
            ? target.Multiple > 0 && target.MaxSide >= target.Multiple && target.MinSide is null or > 0
            : target.Height > 0 && target.Width > 0 && target.Multiple >= 1;
    }
}
