using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Writes model outputs as a TF Serving predict response: <c>{"predictions": ...}</c> or <c>{"outputs": ...}</c>.</summary>
/// <remarks>
/// Follows <c>MakeJsonFromTensors</c> of TF Serving's <c>json_tensor.cc</c>. Every check runs before the first token is
/// written, so an error never leaves a half-written document. Numbers go out as raw values (floats in their shortest
/// round-trip form, <c>NaN</c>/<c>Infinity</c> bare), which an indented writer does not indent: use a compact writer.
/// Create the writer with <c>JavaScriptEncoder.UnsafeRelaxedJsonEscaping</c> to write non-ASCII text as TF Serving does
/// (raw UTF-8) rather than as <c>\uXXXX</c> escapes; both are valid JSON. Thread-safe (no shared state).
/// </remarks>
public static class PredictResponseWriter
{
    private const string BytesSuffix = "_bytes";

    /// <summary>Writes the response object: row format as <c>{"predictions": ...}</c>, columnar as <c>{"outputs": ...}</c>.</summary>
    /// <param name="writer">Where to write; not flushed.</param>
    /// <param name="format">The request's format.</param>
    /// <param name="outputs">The outputs, written in this order.</param>
    /// <exception cref="ServingException">No outputs; or, in row format, an output without dimension 0 or with a different dimension 0.</exception>
    public static void Write(Utf8JsonWriter writer, PredictRequestFormat format, IReadOnlyList<KeyValuePair<string, TensorData>> outputs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outputs);
        if (format == PredictRequestFormat.Row)
        {
            var batchSize = CheckBatch(outputs);
            writer.WriteStartObject();
            writer.WritePropertyName("predictions"u8);
            WriteRows(writer, outputs, batchSize);
            writer.WriteEndObject();
            return;
        }

        CheckNotEmpty(outputs);
        writer.WriteStartObject();
        writer.WritePropertyName("outputs"u8);
        if (outputs.Count == 1)
        {
            WriteTensor(writer, outputs[0].Key, outputs[0].Value, 0, 0);
        }
        else
        {
            writer.WriteStartObject();
            foreach (var (name, tensor) in outputs)
            {
                writer.WritePropertyName(name);
                WriteTensor(writer, name, tensor, 0, 0);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes only the row-format predictions array value, one entry per batch item (Vertex AI's <c>predictions</c>).</summary>
    /// <param name="writer">Where to write; not flushed.</param>
    /// <param name="outputs">The outputs, written in this order within each entry.</param>
    /// <exception cref="ServingException">No outputs, an output without dimension 0, or outputs with different dimension 0.</exception>
    public static void WritePredictions(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, TensorData>> outputs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outputs);
        WriteRows(writer, outputs, CheckBatch(outputs));
    }

    private static void WriteRows(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, TensorData>> outputs, long batchSize)
    {
        var named = outputs.Count > 1;
        writer.WriteStartArray();
        for (long item = 0; item < batchSize; item++)
        {
            if (named)
            {
                writer.WriteStartObject();
            }

            foreach (var (name, tensor) in outputs)
            {
                if (named)
                {
                    writer.WritePropertyName(name);
                }

                WriteTensor(writer, name, tensor, 1, item * (tensor.ElementCount / batchSize));
            }

            if (named)
            {
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteTensor(Utf8JsonWriter writer, string name, TensorData tensor, int firstDimension, long offset) =>
        TensorJsonWriter.Write(
            writer,
            tensor,
            firstDimension,
            offset,
            tensor.DataType == TensorDataType.String && name.EndsWith(BytesSuffix, StringComparison.Ordinal));

    /// <summary>The shared dimension 0 of every output, as TF Serving's row format requires.</summary>
    internal static long CheckBatch(IReadOnlyList<KeyValuePair<string, TensorData>> outputs)
    {
        CheckNotEmpty(outputs);
        long batchSize = -1;
        foreach (var (name, tensor) in outputs)
        {
            if (tensor.Shape.Count == 0)
            {
                throw ServingException.Invalid($"Tensor name: {name} has no shape information");
            }

            var size = tensor.Shape[0];
            if (batchSize >= 0 && size != batchSize)
            {
                throw ServingException.Invalid($"Tensor name: {name} has inconsistent batch size: {size} expecting: {batchSize}");
            }

            batchSize = size;
        }

        return batchSize;
    }

    private static void CheckNotEmpty(IReadOnlyList<KeyValuePair<string, TensorData>> outputs)
    {
        if (outputs.Count == 0)
        {
            throw ServingException.Invalid("Cannot convert empty tensor map to JSON");
        }
    }
}
