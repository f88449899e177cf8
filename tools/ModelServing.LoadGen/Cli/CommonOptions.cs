using System.CommandLine;
using System.Globalization;

namespace ModelServing.LoadGen.Cli;

/// <summary>Options shared by the commands, and the parsing of list and label values.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Labels() => new("--label")
    {
        Description = "A key=value tag copied into the JSON output (repeatable), e.g. --label case=loans --label batching=on.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON line on stdout (the human line goes to stderr).",
    };

    public static Option<double> Seconds(string name, double defaultValue, string description) => new(name)
    {
        Description = $"{description} (seconds, default {defaultValue.ToString(CultureInfo.InvariantCulture)}).",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<string> RequiredPath(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
    };

    /// <summary>Parses <c>key=value</c> tags.</summary>
    /// <exception cref="ArgumentException">A tag has no '='.</exception>
    public static IReadOnlyDictionary<string, string> ParseLabels(string[]? labels, string option = "--label")
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels ?? [])
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"{option} '{label}' is not key=value.");
            }

            result[label[..equals]] = label[(equals + 1)..];
        }

        return result;
    }

    /// <summary>Parses a comma-separated list of positive integers.</summary>
    /// <exception cref="ArgumentException">An entry is not a positive integer.</exception>
    public static IReadOnlyList<int> ParseIntegers(string list, string option) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item =>
            int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"{option}: '{item}' is not a positive integer."))];

    public static TimeSpan ToSpan(double seconds, string option) =>
        seconds > 0 && seconds < 24 * 3600 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException($"{option} must be between 0 and 86400 seconds.");
}
