using System.Text.Json;
using ModelServing.Core.Pipeline;

namespace ModelServing.Imaging.Pipeline;

/// <summary>Reading <c>size</c>: the target kinds and their fields.</summary>
internal static partial class ImageStageParameters
{
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
            if (property.Name is not ("height" or "width" or "maxWidth" or "minWidth" or "padTo" or "multipleOf" or "maxSide"))
            {
                parameters.Error($"size.{property.Name}", "unknown field (expected height with width or maxWidth, or multipleOf with maxSide)");
            }
        }

        var widest = ReadPadTo(parameters, size);

        var height = Get("height", 1, 16384);
        var width = Get("width", 1, 16384);
        var maxWidth = Get("maxWidth", 1, 16384);
        var multiple = Get("multipleOf", 1, 1024);
        var maxSide = Get("maxSide", 1, 16384);
        var minWidth = Get("minWidth", 1, 16384);
        if (minWidth is not null && (!widest || minWidth > maxWidth))
        {
            parameters.Error("size.minWidth", "applies only with maxWidth and padTo 'widest', and must be at most maxWidth");
            return null;
        }

        if (widest && (height is null || maxWidth is null))
        {
            parameters.Error("size.padTo", "applies only to {\"height\", \"maxWidth\"}");
            return null;
        }

        return (height, width, maxWidth, multiple, maxSide) switch
        {
            ({ } h, { } w, null, null, null) => ImageTargetSize.Fixed(h, w),
            ({ } h, null, { } mw, null, null) when widest => ImageTargetSize.HeightWidthToWidest(h, mw, minWidth ?? 1),
            ({ } h, null, { } mw, null, null) => ImageTargetSize.HeightWidthUpTo(h, mw),
            (null, null, null, { } m, { } s) => ImageTargetSize.MultipleOf(m, s),
            _ => Invalid(parameters),
        };
    }

    /// <summary><c>size.padTo</c>: <c>maxWidth</c> (every tensor that wide, the default) or <c>widest</c> (as wide as the widest line).</summary>
    private static bool ReadPadTo(StageParameters parameters, JsonElement size)
    {
        if (!size.TryGetProperty("padTo", out var value))
        {
            return false;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is "maxWidth" or "widest")
        {
            return value.GetString() == "widest";
        }

        parameters.Error("size.padTo", "must be 'maxWidth' (pad every line to maxWidth) or 'widest' (pad to the widest line of the batch)");
        return false;
    }

    private static ImageTargetSize? Invalid(StageParameters parameters)
    {
        parameters.Error("size", "must be {\"height\", \"width\"}, {\"height\", \"maxWidth\"} or {\"multipleOf\", \"maxSide\"}");
        return null;
    }
}
