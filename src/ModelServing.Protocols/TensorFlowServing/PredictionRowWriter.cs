using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>
/// Writes the row-format prediction of one batch item on its own: the same bytes as that item's entry in
/// <see cref="PredictResponseWriter.WritePredictions"/>, without writing (and splitting) the whole array.
/// </summary>
/// <remarks>
/// For callers that store each item's prediction apart (batch prediction writes one output line per instance). Call
/// <see cref="BatchSize"/> once, then <see cref="WriteRow"/> per item, each as one top-level value. Thread-safe (no shared state).
/// </remarks>
public static class PredictionRowWriter
{
    private const string BytesSuffix = "_bytes";

    /// <summary>The shared dimension 0 of the outputs: the number of predictions.</summary>
    /// <exception cref="ServingException">
    /// No outputs, an output without dimension 0, or outputs with different dimension 0 (the errors and messages of
    /// <see cref="PredictResponseWriter.WritePredictions"/>).
    /// </exception>
    public static long BatchSize(IReadOnlyList<KeyValuePair<string, TensorData>> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return PredictResponseWriter.CheckBatch(outputs);
    }

    /// <summary>Writes item <paramref name="item"/>'s prediction: the value of one output, or an object of every output by name.</summary>
    /// <param name="writer">Where to write; not flushed.</param>
    /// <param name="outputs">The outputs, written in this order.</param>
    /// <param name="batchSize">Their dimension 0, from <see cref="BatchSize"/>.</param>
    /// <param name="item">The batch item, below <paramref name="batchSize"/>.</param>
    public static void WriteRow(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, TensorData>> outputs, long batchSize, long item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, batchSize);
        var named = outputs.Count > 1;
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

            TensorJsonWriter.Write(
                writer,
                tensor,
                1,
                item * (tensor.ElementCount / batchSize),
                tensor.DataType == TensorDataType.String && name.EndsWith(BytesSuffix, StringComparison.Ordinal));
        }

        if (named)
        {
            writer.WriteEndObject();
        }
    }
}
