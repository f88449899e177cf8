using System.Buffers;
using System.Text.Json;
using ModelServing.Batch.Instances;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Batch.Engine;

/// <summary>The prediction JSON of each instance of a batch, written one instance at a time straight from the output tensors.</summary>
/// <remarks>
/// Each entry is the bytes the instance's element of the row-format <c>predictions</c> array would hold, so an output line
/// is the same as when the whole array was written and split. All entries share one buffer. Not thread-safe.
/// </remarks>
internal sealed class Predictions
{
    private static readonly JsonWriterOptions _writerOptions = InstanceBuilder.WriterOptions with { SkipValidation = false };

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly int[] _ends;

    private Predictions(ArrayBufferWriter<byte> buffer, int[] ends)
    {
        _buffer = buffer;
        _ends = ends;
    }

    /// <summary>The prediction of instance <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index] => _buffer.WrittenSpan[(index == 0 ? 0 : _ends[index - 1]).._ends[index]];

    /// <summary>Writes one prediction per instance.</summary>
    /// <exception cref="ServingException">
    /// The outputs cannot be written in row format (invalid input, as the gateway answers), or the model answered another
    /// number of predictions than <paramref name="expected"/> (runtime failure).
    /// </exception>
    public static Predictions Write(InferenceResult result, int expected)
    {
        var batchSize = PredictionRowWriter.BatchSize(result.Outputs);
        if (batchSize != expected)
        {
            // The count reported is at most one past the instances, as it was when the written array was read back.
            throw new ServingException(
                ServingErrorKind.RuntimeFailure,
                $"The model answered {Math.Min(batchSize, expected + 1L)} predictions for {expected} instances");
        }

        var buffer = new ArrayBufferWriter<byte>(expected * 32);
        var ends = new int[expected];
        using var writer = new Utf8JsonWriter(buffer, _writerOptions);
        for (var i = 0; i < expected; i++)
        {
            PredictionRowWriter.WriteRow(writer, result.Outputs, batchSize, i);
            writer.Flush();
            ends[i] = buffer.WrittenCount;

            // Each prediction is a value of its own: a validating writer takes one top-level value per reset.
            writer.Reset();
        }

        return new Predictions(buffer, ends);
    }
}
