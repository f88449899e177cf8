using System.Text.Json;
using ModelServing.Core.Configuration;
using ModelServing.Core.IO;

namespace ModelServing.Core.Pipeline;

/// <summary>Reads a stage's <c>params</c> with typed getters that report errors at the parameter's path.</summary>
/// <remarks>For stage factories' <see cref="IServingStageFactory.Parse"/>; not thread-safe.</remarks>
public sealed partial class StageParameters
{
    private readonly ServingStageConfig _config;
    private readonly ConfigReader _reader;
    private readonly JsonElement _params;
    private readonly int _errorsBefore;

    /// <summary>Starts reading <paramref name="config"/>'s parameters, rejecting any not in <paramref name="known"/>.</summary>
    public StageParameters(ServingStageConfig config, ConfigReader reader, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(reader);
        _config = config;
        _reader = reader;
        _params = config.Parameters;
        _errorsBefore = reader.Errors.Count;
        if (_params.ValueKind == JsonValueKind.Object)
        {
            reader.RejectUnknown(_params, $"{config.Path}.params", known);
        }
    }

    /// <summary>True when no error was reported since this reader started.</summary>
    public bool Valid => _reader.Errors.Count == _errorsBefore;

    /// <summary>Reports an error at parameter <paramref name="name"/>.</summary>
    public void Error(string name, string message) => _reader.Error(_config.ParameterPath(name), message);

    /// <summary>The raw value of a parameter, if present.</summary>
    public JsonElement? Raw(string name) =>
        _params.ValueKind == JsonValueKind.Object && _params.TryGetProperty(name, out var value) ? value : null;

    /// <summary>An integer parameter within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Integer(string name, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        Raw(name) is { } value ? (int)(_reader.Integer(value, _config.ParameterPath(name), min, max) ?? fallback) : fallback;

    /// <summary>A string parameter.</summary>
    public string? String(string name)
    {
        if (Raw(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, $"must be a string, not {ConfigReader.Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    /// <summary>A boolean parameter.</summary>
    public bool Boolean(string name, bool fallback)
    {
        if (Raw(name) is not { } value)
        {
            return fallback;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(name, $"must be true or false, not {ConfigReader.Describe(value)}");
            return fallback;
        }

        return value.GetBoolean();
    }

    /// <summary>A string parameter that must be one of <paramref name="choices"/> (case-insensitive); returns the choice as listed.</summary>
    public string Choice(string name, string fallback, params string[] choices)
    {
        var value = String(name);
        if (value is null)
        {
            return fallback;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice, value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        Error(name, $"'{value}' is not one of: {string.Join(", ", choices)}");
        return fallback;
    }

    /// <summary>
    /// A file parameter: a path relative to the model directory that must be a regular file and stay inside it. Returns the absolute
    /// path, or null (with an error reported when the value was given but is not usable).
    /// </summary>
    public string? File(string name)
    {
        var value = String(name);
        if (value is null)
        {
            return null;
        }

        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_config.ModelDirectory));
        var full = Path.GetFullPath(Path.Combine(directory, value));
        if (Path.IsPathRooted(value) || !full.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            Error(name, $"'{value}' must be a path inside the model directory");
            return null;
        }

        if (RegularFiles.Problem(full) is { } problem)
        {
            Error(name, problem == RegularFiles.Missing ? $"file '{value}' does not exist in the model directory" : $"file '{value}' {problem}");
            return null;
        }

        return full;
    }
}
