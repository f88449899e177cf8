using ModelServing.Batch.Input;
using ModelServing.Batch.Instances;
using ModelServing.Batch.Output;

namespace ModelServing.Batch.Engine;

/// <summary>The shared state of one running shard: counts, owned chunks, the abort reason.</summary>
internal sealed class JobRun
{
    private readonly object _gate = new();
    private readonly HashSet<long> _committed;
    private readonly IProgress<BatchProgress>? _progress;
    private long _succeeded;
    private long _failed;

    public JobRun(BatchJobSpec spec, ChunkStore store, InstanceBuilder builder, Dictionary<long, (long Succeeded, long Failed)> committed, IProgress<BatchProgress>? progress)
    {
        Spec = spec;
        Store = store;
        Builder = builder;
        _progress = progress;
        _committed = [.. committed.Keys];
        OwnedChunks = [.. committed.Keys];
        _succeeded = committed.Values.Sum(c => c.Succeeded);
        _failed = committed.Values.Sum(c => c.Failed);
    }

    public BatchJobSpec Spec { get; }

    public ChunkStore Store { get; }

    public InstanceBuilder Builder { get; }

    public InputReader? Reader { get; set; }

    public BatchJobException? Abort { get; set; }

    public List<long> OwnedChunks { get; }

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>True when this shard must predict <paramref name="chunk"/> (it owns it and it is not committed yet).</summary>
    public bool Owns(long chunk) => chunk % Spec.ShardCount == Spec.ShardIndex && !_committed.Contains(chunk);

    /// <summary>Counts a committed chunk; returns the abort reason once the error threshold is passed.</summary>
    public BatchJobException? Record(long chunk, long succeeded, long failed)
    {
        lock (_gate)
        {
            OwnedChunks.Add(chunk);
        }

        Interlocked.Add(ref _succeeded, succeeded);
        var totalFailed = Interlocked.Add(ref _failed, failed);
        _progress?.Report(new BatchProgress(Succeeded, totalFailed, Reader?.BytesRead ?? 0, Reader?.TotalBytes ?? 0));
        return Spec.MaxErrors is { } max && totalFailed > max
            ? new BatchJobException($"The job was aborted: {totalFailed} instances failed, more than the {max} allowed; committed chunks stay in the output directory")
            : null;
    }
}
