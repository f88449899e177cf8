using System.Text.Json;

namespace ModelServing.Core.Configuration;

/// <summary>Reads typed values out of a JSON config document, collecting every error instead of stopping at the first.</summary>
/// <remarks>Not thread-safe; one instance per file read.</remarks>
public sealed class ConfigReader
{
    private readonly List<ConfigError> _errors = [];

    /// <summary>Creates a reader for <paramref name="file"/> (a repository-relative name used in messages).</summary>
    public ConfigReader(string file)
    {
        File = file;
    }

    /// <summary>The file name used in errors.</summary>
    public string File { get; }

    /// <summary>Errors found so far.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>Records an error at <paramref name="field"/>.</summary>
    public void Error(string field, string message) => _errors.Add(new ConfigError(File, field, message));

    /// <summary>Reports every property of <paramref name="obj"/> not in <paramref name="known"/>.</summary>
    public void RejectUnknown(JsonElement obj, string path, params string[] known)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0 && property.Name != "$schema")
            {
                Error(Join(path, property.Name), $"unknown field (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    /// <summary>Returns <paramref name="element"/> when it is an object, else records an error and returns null.</summary>
    public JsonElement? Object(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return element;
        }

        Error(path, $"must be an object, not {Describe(element)}");
        return null;
    }

    /// <summary>Reads an optional string property.</summary>
    public string? String(JsonElement obj, string path, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(Join(path, name), $"must be a string, not {Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    /// <summary>Reads an optional integer property within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long? Integer(JsonElement obj, string path, string name, long min = long.MinValue, long max = long.MaxValue) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? Integer(value, Join(path, name), min, max)
            : null;

    /// <summary>Reads an integer value within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long? Integer(JsonElement value, string path, long min = long.MinValue, long max = long.MaxValue)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Error(path, $"must be an integer, not {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Error(path, max == long.MaxValue ? $"must be at least {min}" : $"must be between {min} and {max}");
            return null;
        }

        return number;
    }

    /// <summary>Reads an optional number property within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double? Number(JsonElement obj, string path, string name, double min, double max)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            // JSON allows numbers no double holds (1e400); System.Text.Json reads them as infinity.
            Error(Join(path, name), $"must be a {(value.ValueKind == JsonValueKind.Number ? "finite " : string.Empty)}number, not {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Error(Join(path, name), FormattableString.Invariant($"must be between {min} and {max}"));
            return null;
        }

        return number;
    }

    /// <summary>Reads an optional boolean property.</summary>
    public bool? Boolean(JsonElement obj, string path, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(Join(path, name), $"must be true or false, not {Describe(value)}");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>Joins a JSON path and a property name.</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Describes a JSON value's kind for messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an unknown value",
    };
}
