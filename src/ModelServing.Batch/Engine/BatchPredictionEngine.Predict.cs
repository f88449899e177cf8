using System.Buffers;
using ModelServing.Batch.Instances;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Batch.Engine;

public sealed partial class BatchPredictionEngine
{
    private async Task<(ReadOnlyMemory<byte> Results, ReadOnlyMemory<byte> Errors, long Succeeded, long Failed)> PredictChunkAsync(
        JobRun run, Chunk chunk, CancellationToken cancellationToken)
    {
        var results = new ArrayBufferWriter<byte>(chunk.Records.Count * 64);
        var errors = new ArrayBufferWriter<byte>();
        long succeeded = 0, failed = 0;
        var batch = new List<PreparedInstance>(run.Spec.BatchSize);
        foreach (var record in chunk.Records)
        {
            var instance = run.Builder.Prepare(record);
            if (instance.IsFailed)
            {
                WriteError(errors, instance, instance.ErrorCode, instance.Error!);
                failed++;
                continue;
            }

            batch.Add(instance);
            if (batch.Count == run.Spec.BatchSize)
            {
                var (s, f) = await PredictBatchAsync(run.Spec, batch, results, errors, cancellationToken).ConfigureAwait(false);
                succeeded += s;
                failed += f;
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            var (s, f) = await PredictBatchAsync(run.Spec, batch, results, errors, cancellationToken).ConfigureAwait(false);
            succeeded += s;
            failed += f;
        }

        return (results.WrittenMemory, errors.WrittenMemory, succeeded, failed);
    }

    /// <summary>Predicts a batch; when the batch fails as a whole, each instance is tried alone so only the bad ones fail.</summary>
    private async Task<(long Succeeded, long Failed)> PredictBatchAsync(
        BatchJobSpec spec, List<PreparedInstance> batch, ArrayBufferWriter<byte> results, ArrayBufferWriter<byte> errors, CancellationToken cancellationToken)
    {
        try
        {
            var predictions = await PredictAsync(spec, batch, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                WriteResult(results, batch[i], predictions[i]);
            }

            return (batch.Count, 0);
        }
        catch (ServingException ex) when (IsPerInstance(ex.Kind) && batch.Count > 1)
        {
            long succeeded = 0, failed = 0;
            foreach (var instance in batch)
            {
                var (s, f) = await PredictBatchAsync(spec, [instance], results, errors, cancellationToken).ConfigureAwait(false);
                succeeded += s;
                failed += f;
            }

            return (succeeded, failed);
        }
        catch (ServingException ex) when (IsPerInstance(ex.Kind))
        {
            WriteError(errors, batch[0], ErrorCode(ex.Kind), ex.Message);
            return (0, 1);
        }
        catch (ServingException ex) when (ex.Kind is ServingErrorKind.ModelNotFound or ServingErrorKind.VersionNotFound or ServingErrorKind.NotReady)
        {
            throw new BatchJobException($"The model cannot serve: {ex.Message}", ex);
        }
    }

    private async Task<Predictions> PredictAsync(BatchJobSpec spec, List<PreparedInstance> batch, CancellationToken cancellationToken)
    {
        var selector = spec.Version is { } version ? VersionSelector.ForVersion(version) : VersionSelector.Latest;
        ReadOnlyMemory<byte>? body = null;
        while (true)
        {
            using var lease = inference.Acquire(spec.Model, selector);

            // Tensors straight from the file bytes or CSV cells; the JSON request only when they cannot be built directly.
            var inputs = (BuildTensorsDirectly ? InstanceTensors.TryCreate(batch, lease.Signature) : null)
                ?? PredictRequestReader.Read(body ??= RequestBody(batch), lease.Signature).Inputs;
            InferenceResult result;
            try
            {
                result = await inference.InferAsync(lease, inputs, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ServingException ex) when (ex.Kind == ServingErrorKind.QueueFull)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return Predictions.Write(result, batch.Count);
        }
    }

    /// <summary>The TF Serving row-format request for the batch: <c>{"instances": [...]}</c>.</summary>
    private static ReadOnlyMemory<byte> RequestBody(List<PreparedInstance> batch)
    {
        var body = new ArrayBufferWriter<byte>(batch.Sum(b => (b.Sent?.Length ?? (b.Binary!.Length * 4 / 3)) + 16) + 16);
        body.Write("{\"instances\":["u8);
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            body.Write(batch[i].Sent ?? InstanceBuilder.Base64Object(batch[i].Binary!));
        }

        body.Write("]}"u8);
        return body.WrittenMemory;
    }

    private static bool IsPerInstance(ServingErrorKind kind) =>
        kind is ServingErrorKind.InvalidInput or ServingErrorKind.FailedPrecondition or ServingErrorKind.RuntimeFailure
            or ServingErrorKind.DeadlineExceeded or ServingErrorKind.Unimplemented;

    /// <summary>The HTTP status the gateway answers for an error kind (TF Serving's mapping).</summary>
    private static int ErrorCode(ServingErrorKind kind) => kind switch
    {
        ServingErrorKind.InvalidInput or ServingErrorKind.FailedPrecondition => 400,
        ServingErrorKind.DeadlineExceeded => 504,
        ServingErrorKind.Unimplemented => 501,
        _ => 500,
    };

    private static void WriteResult(ArrayBufferWriter<byte> output, PreparedInstance instance, ReadOnlySpan<byte> prediction)
    {
        output.Write(instance.IsKey ? "{\"key\":"u8 : "{\"instance\":"u8);
        output.Write(instance.Echo);
        output.Write(",\"prediction\":"u8);
        output.Write(prediction);
        output.Write("}\n"u8);
    }

    private static void WriteError(ArrayBufferWriter<byte> output, PreparedInstance instance, int code, string message)
    {
        output.Write(instance.IsKey ? "{\"key\":"u8 : "{\"instance\":"u8);
        output.Write(instance.Echo);
        output.Write(",\"error\":{\"code\":"u8);
        output.Write(System.Text.Encoding.ASCII.GetBytes(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        output.Write(",\"message\":"u8);
        output.Write(InstanceBuilder.JsonString(message));
        output.Write("}}\n"u8);
    }
}
