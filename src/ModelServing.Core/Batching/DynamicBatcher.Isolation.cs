using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    /// <summary>Runs a batch and delivers its outputs; when the model refuses the values of a batch of several requests, isolates the culprits.</summary>
    private async Task RunBatchAsync(Batch batch)
    {
        var inputs = BuildInputs(batch);
        RaiseBatchExecuted(batch.Rows);
        var links = RecordQueueWaits(batch);
        IReadOnlyDictionary<string, TensorData> outputs;
        try
        {
            // Not any request's token: the execution serves every request in it, and a caller leaving must not stop the others.
            // It stops when all of them have gone (Cancel), or at the inference timeout (Guard).
            outputs = await RunModelAsync(inputs, batch.Rows, batch.Segments[0].Request.Parent, links, batch.Abandoned.Token)
                .ConfigureAwait(false);
        }
        catch (ServingException ex) when (ex.Kind == ServingErrorKind.InvalidInput && batch.Segments.Count > 1)
        {
            // One request's values must not cost the others their answers: find whose they were.
            Log.BatchRejectedInput(_logger, batch.Rows, batch.Segments.Count, ex.Message);
            await IsolateAsync([.. batch.Segments], batch.Abandoned.Token).ConfigureAwait(false);
            return;
        }

        Deliver(batch, outputs);
        ReturnJoinedInputs(batch, inputs, outputs);
    }

    /// <summary>
    /// Bisects <paramref name="segments"/> of a refused batch: each half runs as a batch of its own and is answered; a half
    /// of several requests that is refused again is bisected in turn, and a single request refused gets the error.
    /// </summary>
    /// <remarks>
    /// Runs on the batch's execution thread and slot, one part after the other: k culprits among n requests cost at most
    /// about 2k log2(n) more runs (2n - 2 when every request is one). Throws only when every request has gone.
    /// </remarks>
    private async Task IsolateAsync(List<Segment> segments, CancellationToken cancellationToken)
    {
        var middle = segments.Count / 2;
        foreach (var half in new[] { segments.GetRange(0, middle), segments.GetRange(middle, segments.Count - middle) })
        {
            var part = new Batch(this);
            part.Segments.AddRange(half);
            part.Rows = half.Sum(s => s.Rows);
            try
            {
                var inputs = BuildInputs(part);
                RaiseBatchExecuted(part.Rows);
                var outputs = await RunModelAsync(inputs, part.Rows, half[0].Request.Parent, null, cancellationToken).ConfigureAwait(false);
                Deliver(part, outputs);
                ReturnJoinedInputs(part, inputs, outputs);
            }
            catch (ServingException ex) when (ex.Kind == ServingErrorKind.InvalidInput && half.Count > 1)
            {
                await IsolateAsync(half, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                if (ex is not ServingException { Kind: ServingErrorKind.InvalidInput })
                {
                    Log.BatchFailed(_logger, part.Rows, half.Count, ex);
                }

                foreach (var segment in half)
                {
                    Abandon(segment.Request, ex);
                }
            }
            finally
            {
                part.Abandoned.Dispose();
            }
        }
    }
}
