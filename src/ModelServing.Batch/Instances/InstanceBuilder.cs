using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelServing.Batch.Input;
using ModelServing.Core.IO;

namespace ModelServing.Batch.Instances;

/// <summary>Turns input records into the instances sent to the model, applying <see cref="InstanceConfig"/>.</summary>
/// <remarks>Thread-safe: no state beyond the configuration.</remarks>
internal sealed partial class InstanceBuilder(InstanceConfig config, long maxFileBytes, string? fileRoot = null)
{
    /// <summary>The encoder every batch JSON writer uses: non-ASCII text as raw UTF-8, as the gateway writes it.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Prepares one record.</summary>
    public PreparedInstance Prepare(InputRecord record) => record.Kind switch
    {
        InputRecordKind.JsonLine => FromJsonLine(record.Payload),
        InputRecordKind.CsvRow => FromCsvRow(record),
        InputRecordKind.FileReference => FromFileReference(record.Payload),
        InputRecordKind.Binary => config.IsPassThrough
            ? PreparedInstance.FromBinary(record.Payload, Base64Object(record.Payload))
            : Shape(Base64Object(record.Payload), Base64Object(record.Payload)),
        _ => PreparedInstance.Failed(
            record.Error is { } e && record.Payload.Length > 0 && !Encoding.UTF8.GetString(record.Payload).Equals(e, StringComparison.Ordinal)
                ? Base64Object(record.Payload)
                : JsonString(record.Error ?? "unreadable record"),
            400,
            record.Error ?? "unreadable record"),
    };

    private PreparedInstance FromJsonLine(byte[] line)
    {
        if (!IsSingleJsonValue(line, out var error))
        {
            return PreparedInstance.Failed(JsonString(Encoding.UTF8.GetString(line)), 400, $"invalid JSON: {error}");
        }

        return config.IsPassThrough ? new PreparedInstance(line, line, false) : Shape(line, line);
    }

    private PreparedInstance FromFileReference(byte[] line)
    {
        var text = Encoding.UTF8.GetString(line).Trim();
        var echo = JsonString(text);
        var path = InputFiles.LocalPath(text);
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            return PreparedInstance.Failed(echo, 400, $"unsupported URI scheme \"{uri.Scheme}\": only local paths and file:// URIs are read");
        }

        byte[] bytes;
        try
        {
            if (fileRoot is not null && !PathResolution.IsUnder(Path.GetFullPath(path), fileRoot))
            {
                return PreparedInstance.Failed(echo, 403, $"file is outside the allowed input directory: {text}");
            }

            if (RegularFiles.Problem(path) is { } problem)
            {
                return problem == RegularFiles.Missing
                    ? PreparedInstance.Failed(echo, 404, $"file not found: {text}")
                    : PreparedInstance.Failed(echo, 400, $"file {problem}: {text}");
            }

            var info = new FileInfo(path);
            if (info.Length > maxFileBytes)
            {
                return PreparedInstance.Failed(echo, 413, $"file is {info.Length} bytes, more than the {maxFileBytes} allowed: {text}");
            }

            bytes = RegularFiles.ReadAllBytes(path, maxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return PreparedInstance.Failed(echo, 400, $"file cannot be read: {text}");
        }

        if (config.IsPassThrough)
        {
            return PreparedInstance.FromBinary(bytes, echo);
        }

        var sent = Base64Object(bytes);
        var shaped = Shape(sent, sent);
        return shaped.IsKey || shaped.IsFailed ? shaped : shaped with { Echo = echo };
    }

    private static bool IsSingleJsonValue(byte[] line, out string? error)
    {
        error = null;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
            reader.Read();
            reader.Skip();
            if (reader.Read())
            {
                error = "more than one JSON value on the line";
                return false;
            }

            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message.Split(" Path:", 2)[0];
            return false;
        }
    }

    /// <summary>A JSON string value.</summary>
    public static byte[] JsonString(string text)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStringValue(text);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON object <c>{"b64": ...}</c> holding <paramref name="bytes"/>.</summary>
    public static byte[] Base64Object(byte[] bytes)
    {
        var buffer = new ArrayBufferWriter<byte>((bytes.Length * 4 / 3) + 16);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteBase64String("b64"u8, bytes);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
