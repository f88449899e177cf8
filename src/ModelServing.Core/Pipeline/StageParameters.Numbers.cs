using System.Text.Json;
using ModelServing.Core.Configuration;

namespace ModelServing.Core.Pipeline;

public sealed partial class StageParameters
{
    private const string FloatRange = "must be a finite number within float32's range (about -3.4e38 to 3.4e38)";

    /// <summary>A finite number parameter within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <remarks>JSON allows numbers no double holds (<c>1e400</c>); they are reported here, never read as infinity.</remarks>
    public double Number(string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Raw(name) is not { } value)
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Error(name, $"must be a number, not {ConfigReader.Describe(value)}");
            return fallback;
        }

        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Error(name, $"must be a finite number, not {ConfigReader.Describe(value)}");
            return fallback;
        }

        if (number < min || number > max)
        {
            Error(name, FormattableString.Invariant($"must be between {min} and {max}"));
            return fallback;
        }

        return number;
    }

    /// <summary>A number parameter used as float32: finite once rounded to float32, within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public float Single(string name, float fallback, float min = float.MinValue, float max = float.MaxValue)
    {
        if (Raw(name) is not { } value)
        {
            return fallback;
        }

        if (!TrySingle(value, out var number))
        {
            Error(name, $"{(value.ValueKind == JsonValueKind.Number ? FloatRange : "must be a number")}, not {ConfigReader.Describe(value)}");
            return fallback;
        }

        if (number < min || number > max)
        {
            Error(name, FormattableString.Invariant($"must be between {min} and {max}"));
            return fallback;
        }

        return number;
    }

    /// <summary>A list of exactly <paramref name="count"/> numbers used as float32; every entry that is not one is reported.</summary>
    public float[] Numbers(string name, float[] fallback, int count)
    {
        if (Raw(name) is not { } value)
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != count)
        {
            Error(name, $"must be a list of {count} numbers");
            return fallback;
        }

        var result = new float[count];
        var valid = true;
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (!TrySingle(item, out result[i]))
            {
                Error($"{name}[{i}]", $"{(item.ValueKind == JsonValueKind.Number ? FloatRange : "must be a number")}, not {ConfigReader.Describe(item)}");
                valid = false;
            }

            i++;
        }

        return valid ? result : fallback;
    }

    /// <summary>A JSON number that stays finite as float32 (JSON's <c>1e400</c> and float32's <c>1e39</c> do not).</summary>
    private static bool TrySingle(JsonElement value, out float number)
    {
        number = 0;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var wide) || !double.IsFinite(wide))
        {
            return false;
        }

        number = (float)wide;
        return float.IsFinite(number);
    }
}
