using System.Text;
using System.Text.Json;

namespace ModelServing.Gateway.BatchJobs;

/// <summary>Reading the request's fields: text that decodes, paths the file system can take.</summary>
internal static partial class BatchJobRequest
{
    /// <summary>The longest path accepted, in UTF-8 bytes (Linux's <c>PATH_MAX</c>).</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>The longest file or folder name in a path, in UTF-8 bytes (Linux's <c>NAME_MAX</c>).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// <paramref name="value"/> when the file system can take it as a path: no character it cannot hold (NUL on Linux),
    /// no name longer than <see cref="MaxNameBytes"/>, not longer than <see cref="MaxPathBytes"/>.
    /// </summary>
    /// <exception cref="InvalidFieldException">It cannot; the message names <paramref name="field"/>.</exception>
    private static string CheckPath(string value, string field)
    {
        if (value.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new InvalidFieldException($"'{field}' contains a character that is not allowed in a path");
        }

        if (Encoding.UTF8.GetByteCount(value) > MaxPathBytes)
        {
            throw new InvalidFieldException($"'{field}' is longer than {MaxPathBytes} bytes");
        }

        foreach (var name in value.Split('/'))
        {
            if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            {
                throw new InvalidFieldException($"'{field}' has a file or folder name longer than {MaxNameBytes} bytes");
            }
        }

        return value;
    }

    /// <summary>The local path a path or <c>file://</c> URI names, checked with <see cref="CheckPath"/>.</summary>
    private static string LocalPath(string uri, string field)
    {
        CheckPath(uri, field);
        if (!uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return uri;
        }

        return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile
            ? CheckPath(parsed.LocalPath, field)
            : throw new InvalidFieldException($"'{field}' is not a valid file:// URI");
    }

    /// <summary>A string property; null when absent or not a string.</summary>
    /// <exception cref="InvalidFieldException">The string cannot be decoded (a lone surrogate, invalid UTF-8).</exception>
    private static string? String(JsonElement element, string name, string field) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Text(value, field) : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    /// <summary>A string or a list of strings (other items skipped); null when absent or neither.</summary>
    /// <exception cref="InvalidFieldException">A string cannot be decoded.</exception>
    private static List<string>? Strings(JsonElement element, string name, string field)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return [Text(value, field)];
            case JsonValueKind.Array:
                var strings = new List<string>();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        strings.Add(Text(item, $"{field}[{index}]"));
                    }

                    index++;
                }

                return strings;
            default:
                return null;
        }
    }

    /// <summary>The string's text.</summary>
    /// <remarks>
    /// <see cref="JsonElement.GetString"/> throws <see cref="InvalidOperationException"/> for text that is valid JSON but not
    /// valid Unicode (an escaped lone surrogate, invalid UTF-8) and has no Try form: this is where that becomes a field error.
    /// </remarks>
    private static string Text(JsonElement value, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new InvalidFieldException($"'{field}' is not valid Unicode text");
        }
    }

    /// <summary>A field of the request cannot be used; the message names it.</summary>
    private sealed class InvalidFieldException(string message) : Exception(message);
}
