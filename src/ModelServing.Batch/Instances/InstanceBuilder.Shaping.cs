using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelServing.Batch.Input;

namespace ModelServing.Batch.Instances;

internal sealed partial class InstanceBuilder
{
    private PreparedInstance FromCsvRow(InputRecord record)
    {
        var header = record.Header ?? [];
        if (!CsvRowParser.TryParse(record.Payload, out var cells, out var error))
        {
            return PreparedInstance.Failed(JsonString(Encoding.UTF8.GetString(record.Payload)), 400, $"malformed CSV row: {error}");
        }

        if (cells.Count != header.Count)
        {
            return PreparedInstance.Failed(
                JsonString(Encoding.UTF8.GetString(record.Payload)),
                400,
                $"malformed CSV row: {cells.Count} columns where the header has {header.Count}");
        }

        var fields = new List<(string Name, CsvCell Cell)>(cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            fields.Add((header[i], cells[i]));
        }

        var asObject = config.InstanceType == "object";
        var shaped = WriteShaped(fields, asObject, WriteCell, out var sent);
        return shaped.IsFailed ? shaped : shaped with { Cells = sent, CellsAreNamed = asObject };
    }

    /// <summary>Applies the configuration to a JSON instance; <paramref name="echo"/> is what a failure echoes.</summary>
    private PreparedInstance Shape(byte[] json, byte[] echo)
    {
        if (config.IsPassThrough)
        {
            return new PreparedInstance(json, echo, false);
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            if (config.IncludedFields.Count > 0 || config.ExcludedFields.Count > 0 || config.KeyField is not null)
            {
                return PreparedInstance.Failed(echo, 400, "includedFields, excludedFields and keyField need object instances, not arrays");
            }

            if (config.InstanceType == "object")
            {
                return PreparedInstance.Failed(echo, 400, "an array instance cannot be sent as an object: its fields have no names");
            }

            return new PreparedInstance(json, echo, false);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return config.InstanceType is null && config.KeyField is null && config.IncludedFields.Count == 0 && config.ExcludedFields.Count == 0
                ? new PreparedInstance(json, echo, false)
                : PreparedInstance.Failed(echo, 400, $"instanceConfig needs object instances, not {root.ValueKind.ToString().ToLowerInvariant()}");
        }

        var fields = new List<(string Name, JsonElement Value)>();
        foreach (var property in root.EnumerateObject())
        {
            if (!fields.Exists(f => f.Name == property.Name))
            {
                fields.Add((property.Name, property.Value));
            }
        }

        var shaped = WriteShaped(fields, config.InstanceType != "array", static (writer, value) => value.WriteTo(writer), out _);
        return shaped.IsFailed ? shaped with { Echo = echo } : shaped;
    }

    private static void WriteCell(Utf8JsonWriter writer, CsvCell cell)
    {
        if (cell.Quoted)
        {
            writer.WriteStringValue(cell.Text);
        }
        else
        {
            writer.WriteNumberValue(cell.Number);
        }
    }

    /// <summary>Applies keyField and field selection and writes what is sent; <paramref name="sent"/> is the fields written.</summary>
    private PreparedInstance WriteShaped<T>(List<(string Name, T Value)> fields, bool asObject, Action<Utf8JsonWriter, T> writeValue, out List<(string Name, T Value)> sent)
    {
        sent = fields;
        byte[]? key = null;
        if (config.KeyField is { } keyField)
        {
            var index = fields.FindIndex(f => f.Name == keyField);
            if (index < 0)
            {
                return PreparedInstance.Failed(WriteFields(fields, true, writeValue), 400, $"keyField \"{keyField}\" is missing from the instance");
            }

            key = WriteValue(fields[index].Value, writeValue);
            fields.RemoveAt(index);
        }

        if (config.IncludedFields.Count > 0)
        {
            var selected = new List<(string, T)>(config.IncludedFields.Count);
            foreach (var name in config.IncludedFields)
            {
                var index = fields.FindIndex(f => f.Name == name);
                if (index < 0)
                {
                    return PreparedInstance.Failed(WriteFields(fields, true, writeValue), 400, $"included field \"{name}\" is missing from the instance");
                }

                selected.Add(fields[index]);
            }

            fields = selected;
            sent = fields;
        }
        else if (config.ExcludedFields.Count > 0)
        {
            fields.RemoveAll(f => config.ExcludedFields.Contains(f.Name, StringComparer.Ordinal));
        }

        var json = WriteFields(fields, asObject, writeValue);
        return key is null ? new PreparedInstance(json, json, false) : new PreparedInstance(json, key, true);
    }

    private static byte[] WriteFields<T>(List<(string Name, T Value)> fields, bool asObject, Action<Utf8JsonWriter, T> writeValue)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (asObject)
            {
                writer.WriteStartObject();
            }
            else
            {
                writer.WriteStartArray();
            }

            foreach (var (name, value) in fields)
            {
                if (asObject)
                {
                    writer.WritePropertyName(name);
                }

                writeValue(writer, value);
            }

            if (asObject)
            {
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteEndArray();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] WriteValue<T>(T value, Action<Utf8JsonWriter, T> writeValue)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writeValue(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
