using ModelServing.LoadGen.Measurement;

namespace ModelServing.LoadGen.Http;

/// <summary>What one worker saw: latencies of answered requests, errors by kind, bytes received.</summary>
/// <remarks>Not thread-safe; one per worker (or guarded by a lock), merged with <see cref="Add"/> at the end.</remarks>
internal sealed class LoadStats
{
    private const int MaxSampleLength = 300;

    public LatencyHistogram Latency { get; } = new();

    public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public long ResponseBytes { get; private set; }

    /// <summary>The start of the first error body (or exception message), to tell what went wrong.</summary>
    public string? ErrorSample { get; private set; }

    public long ErrorCount => Errors.Values.Sum();

    public void RecordSuccess(long latencyTicks, long responseBytes)
    {
        Latency.RecordTicks(latencyTicks);
        ResponseBytes += responseBytes;
    }

    public void RecordError(string kind, string? sample)
    {
        Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
        if (ErrorSample is null && sample is not null)
        {
            ErrorSample = $"{kind}: {(sample.Length > MaxSampleLength ? sample[..MaxSampleLength] : sample)}";
        }
    }

    public void Add(LoadStats other)
    {
        Latency.Add(other.Latency);
        ResponseBytes += other.ResponseBytes;
        foreach (var (kind, count) in other.Errors)
        {
            Errors[kind] = Errors.GetValueOrDefault(kind) + count;
        }

        ErrorSample ??= other.ErrorSample;
    }
}
