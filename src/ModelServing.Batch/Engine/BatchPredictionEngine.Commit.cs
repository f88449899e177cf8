using System.Threading.Channels;
using ModelServing.Batch.Output;

namespace ModelServing.Batch.Engine;

public sealed partial class BatchPredictionEngine
{
    /// <summary>Commits predicted chunks one at a time, in the order the workers finish them, and appends them to the final files.</summary>
    /// <remarks>
    /// The file and directory syncs of a commit run here, not on a worker, so they overlap with prediction. A chunk waiting
    /// in <paramref name="predicted"/> is not committed: a crash, cancellation or abort before its commit leaves no
    /// <c>.done</c> marker and the rerun predicts it again, as when a worker was still predicting it. Nothing is committed
    /// once the job is cancelled or aborted. A failure cancels the job so no worker waits on a full queue.
    /// </remarks>
    private async Task CommitAsync(JobRun run, ShardAssembly assembly, ChannelReader<PredictedChunk> predicted, CancellationTokenSource job)
    {
        try
        {
            assembly.Start();
            while (await predicted.WaitToReadAsync(job.Token).ConfigureAwait(false))
            {
                while (predicted.TryRead(out var chunk))
                {
                    job.Token.ThrowIfCancellationRequested();
                    run.Store.Commit(chunk.Number, chunk.Results, chunk.Errors, chunk.Succeeded, chunk.Failed);
                    assembly.Add(chunk.Number, chunk.Results.Span, chunk.Errors.Span);
                    if (run.Record(chunk.Number, chunk.Succeeded, chunk.Failed) is { } abort)
                    {
                        Log.Aborted(logger, run.Spec.Model, run.Failed);
                        run.Abort = abort;
                        await job.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await job.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
