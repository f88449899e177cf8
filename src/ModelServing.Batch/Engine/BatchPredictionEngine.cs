using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ModelServing.Batch.Input;
using ModelServing.Batch.Instances;
using ModelServing.Batch.Output;
using ModelServing.Core.DataPlane;

namespace ModelServing.Batch.Engine;

/// <summary>Runs a batch prediction job in process through the serving data plane (serving function, batcher, runtime).</summary>
/// <remarks>
/// One reader streams the inputs into chunks on a bounded channel; workers predict each chunk in batches of
/// <see cref="BatchJobSpec.BatchSize"/> and queue its output for one committer, which commits it to the
/// <see cref="ChunkStore"/> (file syncs off the workers) and appends it to the shard's final files. Memory holds at most
/// <c>2 x workers</c> chunks waiting plus one per worker, and the output of at most <c>workers</c> chunks waiting to be
/// committed plus the one being committed. Thread-safe: jobs may run concurrently.
/// </remarks>
public sealed partial class BatchPredictionEngine(InferenceService inference, ILogger<BatchPredictionEngine> logger)
{
    /// <summary>The largest file a file-list line may name.</summary>
    public long MaxFileBytes { get; init; } = 64L << 20;

    /// <summary>False sends every batch as a JSON request read back by the TF Serving reader: the reference the tests compare the direct tensors with.</summary>
    internal bool BuildTensorsDirectly { get; init; } = true;

    /// <summary>Runs (or resumes) the job's shard to completion.</summary>
    /// <param name="spec">The job.</param>
    /// <param name="progress">Told after every committed chunk; may be null.</param>
    /// <param name="cancellationToken">Stops the job; committed chunks stay for a rerun to resume.</param>
    /// <exception cref="BatchJobException">The spec is invalid, inputs are missing, the model cannot serve, or too many instances failed.</exception>
    public async Task<BatchSummary> RunAsync(BatchJobSpec spec, IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new BatchJobException(string.Join("; ", problems));
        }

        var stopwatch = Stopwatch.StartNew();
        var files = InputFiles.Resolve(spec.Inputs, spec.InputRoot);
        var store = ChunkStore.Open(spec.OutputDirectory, Fingerprint(spec, files), spec.ShardIndex, spec.ShardCount);
        if (store.ReadComplete() is { } done)
        {
            Log.AlreadyComplete(logger, spec.ShardIndex, spec.OutputDirectory);
            return new BatchSummary(done.Succeeded, done.Failed, 0, stopwatch.Elapsed, store.ResultFile, store.ErrorFile);
        }

        var committed = store.ReadCommitted();
        var run = new JobRun(spec, store, new InstanceBuilder(spec.InstanceConfig, MaxFileBytes, spec.FileListRoot), committed, progress);
        var reader = new InputReader(files, spec.Format);
        run.Reader = reader;
        Log.Started(logger, spec.Model, files.Count, spec.ShardIndex, spec.ShardCount, committed.Count);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var assembly = store.StartAssembly(committed.Keys);
        var chunks = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(spec.Workers * 2) { SingleWriter = true });

        // Predicted chunks wait for the committer here: a slow disk holds the workers back instead of filling memory.
        var predicted = Channel.CreateBounded<PredictedChunk>(new BoundedChannelOptions(spec.Workers) { SingleReader = true });
        var producer = Task.Run(() => ProduceAsync(run, reader, chunks.Writer, linked.Token), linked.Token);
        var workers = Enumerable.Range(0, spec.Workers)
            .Select(_ => Task.Run(() => ConsumeAsync(run, chunks.Reader, predicted.Writer, linked), linked.Token))
            .ToList();
        var committer = Task.Run(() => CommitAsync(run, assembly, predicted.Reader, linked), linked.Token);
        var predicting = Task.WhenAll(workers.Append(producer))
            .ContinueWith(_ => predicted.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        List<Task> tasks = [producer, .. workers, committer, predicting];
        try
        {
            // Every task settles before a failure is reported, so the first cause is known (not the cancellation it caused).
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (run.Abort is not null)
        {
            throw run.Abort;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && Failure(tasks) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (run.Abort is not null)
        {
            throw run.Abort;
        }

        store.Finish(assembly, run.OwnedChunks, run.Succeeded, run.Failed);
        var summary = new BatchSummary(run.Succeeded, run.Failed, committed.Count, stopwatch.Elapsed, store.ResultFile, store.ErrorFile);
        Log.Finished(logger, spec.Model, summary.Succeeded, summary.Failed, summary.Duration.TotalSeconds, summary.Rate);
        return summary;
    }

    /// <summary>The job's own error when a task threw one, else the first task's failure; null when all were only cancelled.</summary>
    private static Exception? Failure(List<Task> tasks)
    {
        var failures = tasks.Select(t => t.Exception?.InnerException).OfType<Exception>().ToList();
        return failures.FirstOrDefault(e => e is BatchJobException) ?? failures.FirstOrDefault();
    }

    private static async Task ProduceAsync(JobRun run, InputReader reader, ChannelWriter<Chunk> writer, CancellationToken cancellationToken)
    {
        try
        {
            var chunkSize = run.Spec.EffectiveChunkSize;
            List<InputRecord>? records = null;
            long current = -1;
            foreach (var record in reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = record.Ordinal / chunkSize;
                if (chunk != current)
                {
                    if (records is not null)
                    {
                        await writer.WriteAsync(new Chunk(current, records), cancellationToken).ConfigureAwait(false);
                    }

                    current = chunk;
                    records = run.Owns(chunk) ? new List<InputRecord>(chunkSize) : null;
                }

                records?.Add(record);
            }

            if (records is not null)
            {
                await writer.WriteAsync(new Chunk(current, records), cancellationToken).ConfigureAwait(false);
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    private async Task ConsumeAsync(JobRun run, ChannelReader<Chunk> chunks, ChannelWriter<PredictedChunk> predicted, CancellationTokenSource job)
    {
        try
        {
            await foreach (var chunk in chunks.ReadAllAsync(job.Token).ConfigureAwait(false))
            {
                var output = await PredictChunkAsync(run, chunk, job.Token).ConfigureAwait(false);
                await predicted.WriteAsync(output, job.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The other workers and the reader stop too: none of them waits on a queue nobody empties.
            await job.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record Chunk(long Number, List<InputRecord> Records);
}
