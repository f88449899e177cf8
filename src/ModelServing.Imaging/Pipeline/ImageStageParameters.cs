using System.Text.Json;
using ModelServing.Core.Pipeline;

namespace ModelServing.Imaging.Pipeline;

/// <summary>Reads the <c>image</c> stage's <c>params</c> into a preprocessing spec (size may be left to the model input).</summary>
internal static partial class ImageStageParameters
{
    /// <summary>The parameters the stage knows.</summary>
    public static readonly string[] Known =
    [
        "size", "resize", "padSide", "padValue", "interpolation", "scale", "mean", "std", "channelOrder", "channels", "layout", "maxPixels",
        "maxPixelsPerRequest",
    ];

    /// <summary>
    /// Parses the parameters, each number checked finite in float32 (a mean of <c>1e400</c> or <c>1e39</c> is an error at its
    /// index, never an infinity in every request's tensor); the returned target is null when <c>size</c> is absent.
    /// </summary>
    public static (ImagePreprocessSpec Spec, ImageTargetSize? Target, int? Channels, long? MaxPixelsPerRequest) Read(StageParameters parameters)
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
            PadValue = parameters.Single("padValue", 0),
            Interpolation = parameters.Choice("interpolation", "bilinear", "bilinear", "area") == "area" ? Interpolation.Area : Interpolation.Bilinear,
            Scale = parameters.Single("scale", (float)(1.0 / 255)),
            Mean = parameters.Numbers("mean", new float[channelCount], channelCount),
            Std = parameters.Numbers("std", [.. Enumerable.Repeat(1f, channelCount)], channelCount),
            ChannelOrder = parameters.Choice("channelOrder", "rgb", "rgb", "bgr") == "bgr" ? ChannelOrder.Bgr : ChannelOrder.Rgb,
            Channels = channelCount,
            Layout = parameters.Choice("layout", "nchw", "nchw", "nhwc") == "nhwc" ? TensorLayout.Nhwc : TensorLayout.Nchw,
            MaxPixels = (long)parameters.Number("maxPixels", 40_000_000, 1, 1_000_000_000),
        };
        RejectZeroStd(parameters);

        long? maxPixelsPerRequest = parameters.Raw("maxPixelsPerRequest") is null
            ? null
            : parameters.Integer("maxPixelsPerRequest", int.MaxValue, 1, int.MaxValue);
        return (spec, ReadTarget(parameters), channels, maxPixelsPerRequest);
    }

    /// <summary>Each std entry divides every pixel: one that is 0 (or rounds to 0 in float32) is reported at its index.</summary>
    private static void RejectZeroStd(StageParameters parameters)
    {
        if (parameters.Raw("std") is not { ValueKind: JsonValueKind.Array } list)
        {
            return;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetDouble(out var value) && (float)value == 0f)
            {
                parameters.Error($"std[{index}]", "must not be 0 (each pixel is divided by it)");
            }

            index++;
        }
    }
}
