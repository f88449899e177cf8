using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
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
/// <see cref="BatchJobSpec.BatchSize"/> and commit it to the <see cref="ChunkStore"/>. Memory holds at most
/// <c>2 x workers</c> chunks waiting plus one per worker. Thread-safe: jobs may run concurrently.
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
        var files = InputFiles.Resolve(spec.Inputs);
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
        var channel = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(spec.Workers * 2) { SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(run, reader, channel.Writer, linked.Token), linked.Token);
        var workers = Enumerable.Range(0, spec.Workers)
            .Select(_ => Task.Run(() => ConsumeAsync(run, channel.Reader, linked), linked.Token))
            .ToList();
        try
        {
            await Task.WhenAll(workers.Append(producer)).ConfigureAwait(false);
        }
        catch (Exception) when (run.Abort is not null)
        {
            throw run.Abort;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && workers.Append(producer).Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is BatchJobException) is { } jobError)
        {
            throw jobError;
        }

        if (run.Abort is not null)
        {
            throw run.Abort;
        }

        store.Finish(run.OwnedChunks, run.Succeeded, run.Failed);
        var summary = new BatchSummary(run.Succeeded, run.Failed, committed.Count, stopwatch.Elapsed, store.ResultFile, store.ErrorFile);
        Log.Finished(logger, spec.Model, summary.Succeeded, summary.Failed, summary.Duration.TotalSeconds, summary.Rate);
        return summary;
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

    private async Task ConsumeAsync(JobRun run, ChannelReader<Chunk> reader, CancellationTokenSource job)
    {
        await foreach (var chunk in reader.ReadAllAsync(job.Token).ConfigureAwait(false))
        {
            var (results, errors, succeeded, failed) = await PredictChunkAsync(run, chunk, job.Token).ConfigureAwait(false);
            job.Token.ThrowIfCancellationRequested();
            run.Store.Commit(chunk.Number, results, errors, succeeded, failed);
            if (run.Record(chunk.Number, succeeded, failed) is { } abort)
            {
                Log.Aborted(logger, run.Spec.Model, run.Failed);
                run.Abort = abort;
                await job.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }

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

    private sealed record Chunk(long Number, List<InputRecord> Records);
}
