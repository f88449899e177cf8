using System.Text;
using System.Text.Json;
using ModelServing.Core.IO;
using ModelServing.Core.Runtime;

namespace ModelServing.Core.PostProcessing;

/// <summary>Reading labels files.</summary>
internal sealed partial class LabelMap
{
    /// <summary>Largest labels file read, so a stray huge file cannot exhaust memory.</summary>
    public const int MaxFileBytes = 16 << 20;

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 4,
    };

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads a labels file, naming it by its file name in errors.</summary>
    /// <remarks>See <see cref="Load(string, string)"/>.</remarks>
    /// <exception cref="ModelLoadException">The file is missing, unreadable, too large, malformed or empty.</exception>
    public static LabelMap Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(path, Path.GetFileName(path));
    }

    /// <summary>Loads a labels file: <c>*.json</c> is a JSON array of strings; any other file holds one label per line.</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="displayName">How errors name the file (a repository-relative name, never an absolute path).</param>
    /// <remarks>Error messages are safe to show to callers: they name the file by <paramref name="displayName"/> only.</remarks>
    /// <exception cref="ModelLoadException">The file is missing, not a regular file, unreadable, too large, malformed or empty.</exception>
    public static LabelMap Load(string path, string displayName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(displayName);
        byte[] bytes;
        try
        {
            bytes = RegularFiles.ReadAllBytes(path, MaxFileBytes);
        }
        catch (RegularFileException ex)
        {
            throw Error(displayName, ex.Message, ex);
        }

        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? FromJson(bytes, displayName)
            : FromText(bytes, displayName);
    }

    /// <summary>Parses a JSON array of strings (comments and trailing commas allowed).</summary>
    /// <exception cref="ModelLoadException">The JSON is invalid, not an array of strings, or empty.</exception>
    public static LabelMap FromJson(ReadOnlyMemory<byte> utf8Json, string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, s_documentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
            throw Error(displayName, $"is not valid JSON{where}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw Error(displayName, "must be a JSON array of strings");
            }

            var labels = new string[root.GetArrayLength()];
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw Error(displayName, $"element {index} is {element.ValueKind.ToString().ToLowerInvariant()}, not a string");
                }

                labels[index++] = element.GetString()!;
            }

            return NonEmpty(labels, displayName);
        }
    }

    /// <summary>Parses UTF-8 text with one label per line (like PaddleOCR's <c>ppocr_keys_v1.txt</c>).</summary>
    /// <remarks>
    /// Lines end at <c>\n</c>; a trailing <c>\r</c> is dropped, other whitespace is kept (a label may be a space). Every line
    /// is a label, empty ones included, so indices never shift; only the empty remainder after a final newline is not. A
    /// UTF-8 byte order mark is skipped.
    /// </remarks>
    /// <exception cref="ModelLoadException">The text is not valid UTF-8 or holds no labels.</exception>
    public static LabelMap FromText(ReadOnlySpan<byte> utf8Text, string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        if (utf8Text.StartsWith("\uFEFF"u8))
        {
            utf8Text = utf8Text[3..];
        }

        string text;
        try
        {
            text = s_strictUtf8.GetString(utf8Text);
        }
        catch (DecoderFallbackException ex)
        {
            throw Error(displayName, "is not valid UTF-8 text", ex);
        }

        var lines = text.Split('\n');
        var count = lines.Length;
        if (count > 0 && lines[^1].Length == 0)
        {
            count--;
        }

        var labels = new string[count];
        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            labels[i] = line.EndsWith('\r') ? line[..^1] : line;
        }

        return NonEmpty(labels, displayName);
    }

    private static LabelMap NonEmpty(string[] labels, string displayName) =>
        labels.Length == 0 ? throw Error(displayName, "holds no labels") : new LabelMap(labels);

    private static ModelLoadException Error(string displayName, string problem, Exception? cause = null)
    {
        var message = $"labels file '{displayName}' {problem}.";
        return cause is null ? new ModelLoadException(message) : new ModelLoadException(message, cause);
    }
}
