using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;

namespace ModelServing.BatchCli.Profiling;

/// <summary>
/// Writes a recommendation into a model's config.json: only the <c>runtime</c> and <c>batching</c> values change, every other
/// byte of the file (fields, order, formatting) stays; the result is validated with the gateway's own loader and replaces the
/// file atomically (a temporary file renamed over it), so a gateway polling the repository reads the old or the new file,
/// never half of one, and reloads the model at its next poll.
/// </summary>
internal static class ConfigFileWriter
{
    private static readonly JsonReaderOptions s_readerOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 32 };

    /// <summary>Writes <paramref name="config"/> into <c>&lt;repository&gt;/&lt;model&gt;/config.json</c>; returns the file's path.</summary>
    /// <exception cref="ConfigWriteException">The file cannot be read, parsed, validated or replaced.</exception>
    public static string Write(string repository, string model, TrialConfig config, ServingStageRegistry stages)
    {
        var directory = Path.Combine(repository, model);
        var path = Path.Combine(directory, ModelConfigLoader.FileName);
        var display = $"{model}/{ModelConfigLoader.FileName}";
        try
        {
            var original = File.Exists(path) ? File.ReadAllBytes(path) : "{\n}\n"u8.ToArray();
            var updated = Splice(original, config, display);
            var (parsed, errors) = ModelConfigLoader.Parse(updated, display, stages, directory);
            if (parsed is null)
            {
                throw new ConfigWriteException($"The updated {display} does not validate: {string.Join("; ", errors.Select(e => e.ToString()))}");
            }

            if (TrialConfig.From(parsed) != config)
            {
                throw new ConfigWriteException($"The updated {display} reads back as {TrialConfig.From(parsed)}, not {config}");
            }

            var temporary = Path.Combine(directory, $".{ModelConfigLoader.FileName}.{Guid.NewGuid():N}.tmp");
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(updated);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigWriteException($"{display} cannot be written: {ex.Message}");
        }
    }

    /// <summary>The file's bytes with the <c>runtime</c> and <c>batching</c> values replaced or appended.</summary>
    /// <exception cref="ConfigWriteException">The file is not a JSON object.</exception>
    public static byte[] Splice(byte[] original, TrialConfig config, string display)
    {
        var (values, open, firstName) = Scan(original, display);
        var edits = new List<(int Start, int End, string Text)>();
        var runtime = ConfigSections.Merge(Section(original, values, "runtime"), ConfigSections.Runtime(config), config.IntraOpThreads is null ? ["intraOpThreads", "interOpThreads"] : []);
        var batching = ConfigSections.Merge(Section(original, values, "batching"), ConfigSections.Batching(config));
        var indent = Indent(original, firstName);
        var insertAt = values.Count == 0 ? open + 1 : values.Values.Max(v => v.End);
        var appended = new StringBuilder();
        foreach (var (name, section) in new[] { ("runtime", runtime), ("batching", batching) })
        {
            if (values.TryGetValue(name, out var span))
            {
                edits.Add((span.Start, span.End, ConfigSections.Inline(section)));
            }
            else if (section.Count > 0)
            {
                var comma = values.Count > 0 || appended.Length > 0 ? "," : string.Empty;
                appended.Append(comma).Append('\n').Append(indent).Append($"\"{name}\": ").Append(ConfigSections.Inline(section));
            }
        }

        if (appended.Length > 0)
        {
            edits.Add((insertAt, insertAt, appended.ToString()));
        }

        var result = original.ToList();
        foreach (var (start, end, text) in edits.OrderByDescending(e => e.Start))
        {
            result.RemoveRange(start, end - start);
            result.InsertRange(start, Encoding.UTF8.GetBytes(text));
        }

        return [.. result];
    }

    private static (Dictionary<string, (int Start, int End)> Values, int Open, int FirstName) Scan(byte[] original, string display)
    {
        var values = new Dictionary<string, (int Start, int End)>(StringComparer.Ordinal);
        var firstName = -1;
        try
        {
            var reader = new Utf8JsonReader(original, s_readerOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ConfigWriteException($"{display} is not a JSON object");
            }

            var open = (int)reader.TokenStartIndex;

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                firstName = firstName < 0 ? (int)reader.TokenStartIndex : firstName;
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                values[name] = (start, (int)reader.BytesConsumed);
            }

            return (values, open, firstName);
        }
        catch (JsonException)
        {
            throw new ConfigWriteException($"{display} is not valid JSON");
        }
    }

    private static JsonObject? Section(byte[] original, Dictionary<string, (int Start, int End)> values, string name) =>
        values.TryGetValue(name, out var span) ? JsonNode.Parse(original.AsSpan(span.Start, span.End - span.Start), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject : null;

    /// <summary>The whitespace before the first field on its line (two spaces when the file has none).</summary>
    private static string Indent(byte[] original, int firstName)
    {
        if (firstName < 0)
        {
            return "  ";
        }

        var lineStart = Array.LastIndexOf(original, (byte)'\n', firstName) + 1;
        var prefix = Encoding.UTF8.GetString(original, lineStart, firstName - lineStart);
        return prefix.All(c => c is ' ' or '\t') && prefix.Length > 0 ? prefix : "  ";
    }
}
