using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ModelServing.Batch.Engine;

public sealed partial class BatchPredictionEngine
{
    /// <summary>The job's identity in <c>_batch/job.json</c>: a rerun with another fingerprint is refused.</summary>
    /// <remarks>
    /// Written field by field, not with the reflection serializer, whose first use costs tens of milliseconds at every
    /// start; the text is the one <c>JsonSerializer</c> made of the same fields (and names), so older jobs still resume.
    /// </remarks>
    internal static string Fingerprint(BatchJobSpec spec, IReadOnlyList<string> files)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Model", spec.Model);
            if (spec.Version is { } version)
            {
                writer.WriteNumber("Version", version);
            }
            else
            {
                writer.WriteNull("Version");
            }

            writer.WriteString("format", BatchInputFormats.Name(spec.Format));
            writer.WriteStartArray("files");
            foreach (var file in files)
            {
                writer.WriteStartObject();
                writer.WriteString("path", file);
                writer.WriteNumber("bytes", new FileInfo(file).Length);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("chunkSize", spec.EffectiveChunkSize);
            writer.WriteNumber("ShardCount", spec.ShardCount);
            var config = spec.InstanceConfig;
            writer.WriteStartObject("instanceConfig");
            WriteStringOrNull(writer, "InstanceType", config.InstanceType);
            WriteStrings(writer, "IncludedFields", config.IncludedFields);
            WriteStrings(writer, "ExcludedFields", config.ExcludedFields);
            WriteStringOrNull(writer, "KeyField", config.KeyField);
            writer.WriteBoolean("IsPassThrough", config.IsPassThrough);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
