namespace ModelServing.Batch;

/// <summary>The outcome of one shard of a batch job.</summary>
/// <param name="Succeeded">Instances with a prediction.</param>
/// <param name="Failed">Instances in the error file.</param>
/// <param name="ResumedChunks">Chunks already committed by an earlier run and not predicted again.</param>
/// <param name="Duration">Wall time of this run.</param>
/// <param name="ResultFile">The results file of this shard.</param>
/// <param name="ErrorFile">The errors file of this shard.</param>
public sealed record BatchSummary(long Succeeded, long Failed, long ResumedChunks, TimeSpan Duration, string ResultFile, string ErrorFile)
{
    /// <summary>Every instance accounted for.</summary>
    public long Total => Succeeded + Failed;

    /// <summary>Instances per second over this run.</summary>
    public double Rate => Duration.TotalSeconds > 0 ? Total / Duration.TotalSeconds : 0;
}

/// <summary>A progress report: records done (this run and resumed) and input bytes read of the total.</summary>
public readonly record struct BatchProgress(long Succeeded, long Failed, long BytesRead, long TotalBytes);
