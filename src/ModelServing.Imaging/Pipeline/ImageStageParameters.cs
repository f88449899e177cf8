using System.Text.Json;
using ModelServing.Core.Pipeline;

namespace ModelServing.Imaging.Pipeline;

/// <summary>Reads the <c>image</c> stage's <c>params</c> into a preprocessing spec (size may be left to the model input).</summary>
internal static class ImageStageParameters
{
    private static readonly string[] s_known =
        ["size", "resize", "padSide", "padValue", "interpolation", "scale", "mean", "std", "channelOrder", "channels", "layout", "maxPixels"];

    /// <summary>Parses the parameters; the returned target is null when <c>size</c> is absent.</summary>
    public static (ImagePreprocessSpec Spec, ImageTargetSize? Target, int? Channels) Read(StageParameters parameters)
    {
        var spec = new ImagePreprocessSpec { Target = ImageTargetSize.Fixed(1, 1) }; // replaced when the stage is built
        var channels = parameters.Raw("channels") is null ? (int?)null : parameters.Integer("channels", 3, 1, 3);
        if (channels == 2)
        {
            parameters.Error("channels", "must be 1 (grayscale) or 3 (colour)");
        }

        var channelCount = channels ?? 3;
        spec = spec with
        {
            Mode = parameters.Choice("resize", "stretch", "stretch", "keepAspectCrop", "keepAspectPad") switch
            {
                "keepAspectCrop" => ResizeMode.KeepAspectCenterCrop,
                "keepAspectPad" => ResizeMode.KeepAspectPad,
                _ => ResizeMode.Stretch,
            },
            PadSide = parameters.Choice("padSide", "bottomRight", "bottomRight", "right", "center") switch
            {
                "right" => PadSide.Right,
                "center" => PadSide.Center,
                _ => PadSide.BottomRight,
            },
            PadValue = (float)parameters.Number("padValue", 0),
            Interpolation = parameters.Choice("interpolation", "bilinear", "bilinear", "area") == "area" ? Interpolation.Area : Interpolation.Bilinear,
            Scale = (float)parameters.Number("scale", 1.0 / 255),
            Mean = parameters.Numbers("mean", new float[channelCount], channelCount),
            Std = parameters.Numbers("std", [.. Enumerable.Repeat(1f, channelCount)], channelCount),
            ChannelOrder = parameters.Choice("channelOrder", "rgb", "rgb", "bgr") == "bgr" ? ChannelOrder.Bgr : ChannelOrder.Rgb,
            Channels = channelCount,
            Layout = parameters.Choice("layout", "nchw", "nchw", "nhwc") == "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw,
            MaxPixels = (long)parameters.Number("maxPixels", 40_000_000, 1, 1_000_000_000),
        };
        if (spec.Std.Any(s => s == 0))
        {
            parameters.Error("std", "must not contain 0");
        }

        return (spec, ReadTarget(parameters), channels);
    }

    private static ImageTargetSize? ReadTarget(StageParameters parameters)
    {
        if (parameters.Raw("size") is not { } size)
        {
            return null;
        }

        if (size.ValueKind != JsonValueKind.Object)
        {
            parameters.Error("size", "must be {\"height\", \"width\"}, {\"height\", \"maxWidth\"} or {\"multipleOf\", \"maxSide\"}");
            return null;
        }

        int? Get(string name, int min, int max)
        {
            if (!size.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
            {
                return number;
            }

            parameters.Error($"size.{name}", $"must be an integer between {min} and {max}");
            return null;
        }

        foreach (var property in size.EnumerateObject())
        {
            if (property.Name is not ("height" or "width" or "maxWidth" or "multipleOf" or "maxSide"))
            {
                parameters.Error($"size.{property.Name}", "unknown field (expected height with width or maxWidth, or multipleOf with maxSide)");
            }
        }

        var height = Get("height", 1, 16384);
        var width = Get("width", 1, 16384);
        var maxWidth = Get("maxWidth", 1, 16384);
        var multiple = Get("multipleOf", 1, 1024);
        var maxSide = Get("maxSide", 1, 16384);
        return (height, width, maxWidth, multiple, maxSide) switch
        {
            ({ } h, { } w, null, null, null) => ImageTargetSize.Fixed(h, w),
            ({ } h, null, { } mw, null, null) => ImageTargetSize.HeightWidthUpTo(h, mw),
            (null, null, null, { } m, { } s) => ImageTargetSize.MultipleOf(m, s),
            _ => Invalid(parameters),
        };
    }

    private static ImageTargetSize? Invalid(StageParameters parameters)
    {
        parameters.Error("size", "must be {\"height\", \"width\"}, {\"height\", \"maxWidth\"} or {\"multipleOf\", \"maxSide\"}");
        return null;
    }
}
