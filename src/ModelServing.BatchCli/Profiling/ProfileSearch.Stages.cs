namespace ModelServing.BatchCli.Profiling;

/// <summary>The coordinates the search varies, one after the other, each from the best configuration so far.</summary>
internal sealed partial class ProfileSearch
{
    private static readonly int[] BatchSizes = [0, 4, 8, 16, 32];
    private static readonly long[] QueueDelaysMicroseconds = [0, 500, 2000];

    private IEnumerable<Func<TrialConfig, IEnumerable<TrialConfig>>> Stages()
    {
        yield return Executions;
        yield return best => BatchSizes.Select(size => best with
        {
            MaxBatchSize = size,
            PreferredBatchSizes = [.. best.PreferredBatchSizes.Where(p => p <= size)],
            QueueDelayMicroseconds = size == 0 ? 0 : best.QueueDelayMicroseconds,
        });
        yield return best => Skipped(best.MaxBatchSize == 0, "queue delay: batching is off in the best configuration")
            ?? QueueDelaysMicroseconds.Select(delay => best with { QueueDelayMicroseconds = delay });
        yield return best => Skipped(best.MaxBatchSize < 2 || best.QueueDelayMicroseconds == 0, "preferred batch sizes: they only matter with batching on and a queue delay")
            ?? [best with { PreferredBatchSizes = [best.MaxBatchSize] }, best with { PreferredBatchSizes = [best.MaxBatchSize / 2, best.MaxBatchSize] }];
    }

    /// <summary>The baseline first, then executions x intra-op threads: the gateway's default, one wide execution, one execution per core.</summary>
    private static IEnumerable<TrialConfig> Executions(TrialConfig best)
    {
        var cores = Environment.ProcessorCount;
        yield return best;
        yield return best with { MaxConcurrentExecutions = cores, IntraOpThreads = null };
        yield return best with { MaxConcurrentExecutions = 1, IntraOpThreads = cores };
        yield return best with { MaxConcurrentExecutions = cores, IntraOpThreads = 1 };
        if (cores >= 4)
        {
            yield return best with { MaxConcurrentExecutions = cores / 2, IntraOpThreads = 2 };
        }
    }

    private IEnumerable<TrialConfig>? Skipped(bool skip, string what)
    {
        if (!skip)
        {
            return null;
        }

        _notes.Add($"skipped {what}");
        return [];
    }
}
