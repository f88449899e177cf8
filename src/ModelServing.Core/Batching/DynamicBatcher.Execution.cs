using ModelServing.Core.Errors;
using ModelServing.Core.Telemetry;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    /// <summary>Runs one batch on the calling execution thread, which it holds until the execution ends.</summary>
    private void Execute(Batch batch)
    {
        var execution = ExecuteAsync(batch);
        if (!execution.IsCompleted)
        {
            // A runner that completes asynchronously still holds this thread: never more executions than threads.
            execution.GetAwaiter().GetResult();
        }
    }

    /// <summary>Runs one batch and hands each request its rows of the outputs; never throws.</summary>
    private async Task ExecuteAsync(Batch batch)
    {
        try
        {
            await RunBatchAsync(batch).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (batch.Abandoned.IsCancellationRequested)
        {
            // Every request of the batch was cancelled already; nobody is left to tell.
            Log.BatchAbandoned(_logger, batch.Rows, batch.Segments.Count);
        }
        catch (ServingException ex) when (ex.Kind == ServingErrorKind.InvalidInput)
        {
            // The one request of the batch sent values the model refuses: its caller's error, not the batcher's.
            Log.BatchRejectedInput(_logger, batch.Rows, batch.Segments.Count, ex.Message);
            foreach (var segment in batch.Segments)
            {
                Abandon(segment.Request, ex);
            }
        }
        catch (Exception ex)
        {
            Log.BatchFailed(_logger, batch.Rows, batch.Segments.Count, ex);
            foreach (var segment in batch.Segments)
            {
                Abandon(segment.Request, ex);
            }
        }
        finally
        {
            lock (_lock)
            {
                // Cleared under the lock: Cancel looks at running batches' segments.
                _runningBatches.Remove(batch);
                batch.Clear();
                _running--;
                _freeBatches.Push(batch);
                if (_disposed && _running == 0)
                {
                    _drained?.TrySetResult();
                }
            }

            Signal();
        }
    }

    /// <summary>The model inputs of a batch: batch inputs joined along dimension 0, the others from the first request.</summary>
    private IReadOnlyDictionary<string, TensorData> BuildInputs(Batch batch)
    {
        var segments = batch.Segments;
        var first = segments[0];
        if (segments.Count == 1 && first.Rows == first.Request.Rows)
        {
            // A whole request alone: the model sees exactly what the caller sent, no copy.
            return first.Request.Inputs;
        }

        if (batch.Ranges.Length < segments.Count)
        {
            // Every segment holds at least one row, so a batch never has more than MaxBatchSize of them.
            batch.Ranges = new RowRange[_maxBatchSize];
        }

        var ranges = batch.Ranges.AsSpan(0, segments.Count);
        var inputs = new Dictionary<string, TensorData>(first.Request.Inputs.Count, StringComparer.Ordinal);
        foreach (var (name, tensor) in first.Request.Inputs)
        {
            if (!_layout.IsBatchInput(name))
            {
                // Equal in every request of the group (BatchLayout.Compatible).
                inputs.Add(name, tensor);
                continue;
            }

            for (var i = 0; i < ranges.Length; i++)
            {
                var segment = segments[i];
                ranges[i] = new RowRange(segment.Request.Inputs[name], segment.Start, segment.Rows);
            }

            inputs.Add(name, TensorBatching.ConcatenateRows(ranges, _options.PadVariableLength, pooled: true));
        }

        return inputs;
    }

    /// <summary>Checks that batched outputs keep the batch rows, then gives each request its rows.</summary>
    private void Deliver(Batch batch, IReadOnlyDictionary<string, TensorData> outputs)
    {
        var list = batch.Outputs;
        foreach (var pair in outputs)
        {
            var tensor = pair.Value;
            if (_layout.OutputHasBatch(pair.Key) && (tensor.Shape.Count == 0 || tensor.Shape[0] != batch.Rows))
            {
                throw new ServingException(
                    ServingErrorKind.RuntimeFailure,
                    $"The model output {pair.Key} does not keep the batch dimension: it has shape [{string.Join(',', tensor.Shape)}] for a batch of {batch.Rows} rows.");
            }

            list.Add(pair);
        }

        var segments = batch.Segments;
        if (segments.Count == 1)
        {
            CompleteChunk(segments[0], outputs);
            return;
        }

        long offset = 0;
        foreach (var segment in segments)
        {
            if (!segment.Request.Task.IsCompleted)
            {
                var part = new Dictionary<string, TensorData>(list.Count, StringComparer.Ordinal);
                foreach (var (name, tensor) in list)
                {
                    part.Add(name, _layout.OutputHasBatch(name) ? TensorBatching.Slice(tensor, offset, segment.Rows) : tensor);
                }

                CompleteChunk(segment, part);
            }

            offset += segment.Rows;
        }
    }

    private void CompleteChunk(Segment segment, IReadOnlyDictionary<string, TensorData> outputs)
    {
        var request = segment.Request;
        if (request.ChunkCount == 1)
        {
            request.Complete(outputs);
            return;
        }

        request.ChunkOutputs![segment.Chunk] = outputs;
        if (Interlocked.Decrement(ref request.PendingChunks) == 0)
        {
            try
            {
                request.Complete(Reassemble(request));
            }
            catch (Exception ex)
            {
                request.Fail(ex);
            }
        }
    }

    /// <summary>Joins the outputs of a split request's chunks back in order.</summary>
    private Dictionary<string, TensorData> Reassemble(Request request)
    {
        var chunks = request.ChunkOutputs!;
        var first = chunks[0]!;
        var ranges = new RowRange[chunks.Length];
        var result = new Dictionary<string, TensorData>(first.Count, StringComparer.Ordinal);
        foreach (var (name, tensor) in first)
        {
            if (!_layout.OutputHasBatch(name))
            {
                result.Add(name, tensor);
                continue;
            }

            for (var c = 0; c < chunks.Length; c++)
            {
                var part = chunks[c]![name];
                ranges[c] = new RowRange(part, 0, part.Shape[0]);
            }

            // With padding, chunks may come back with different non-batch dimensions; they are padded to the largest.
            result.Add(name, TensorBatching.ConcatenateRows(ranges, _options.PadVariableLength));
        }

        return result;
    }

    private void RaiseBatchExecuted(int rows)
    {
        if (ServingTelemetry.BatchSize.Enabled)
        {
            ServingTelemetry.BatchSize.Record(rows, MetricTags);
        }

        try
        {
            BatchExecuted?.Invoke(rows);
        }
        catch (Exception ex)
        {
            Log.BatchExecutedHandlerFailed(_logger, ex);
        }
    }
}
