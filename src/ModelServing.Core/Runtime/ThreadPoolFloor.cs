namespace ModelServing.Core.Runtime;

/// <summary>
/// Keeps enough thread-pool threads ready that model runs, which block their thread for the whole ONNX Runtime call, never
/// starve the rest of the process (request handling, timers, the cancellations that stop a run).
/// </summary>
/// <remarks>
/// The pool starts with one thread per core and adds more only about twice a second once all are busy. On a 2-core box two
/// concurrent executions (the default) hold both: an inference timeout's timer callback then waits for a new thread and
/// fires after the run it should have stopped. Raising the minimum lets the pool create threads at once when they are
/// needed; idle threads still retire.
/// </remarks>
public static class ThreadPoolFloor
{
    /// <summary>The default minimum of worker threads: eight per core, at least 16.</summary>
    public static int DefaultMinimum => Math.Max(16, Environment.ProcessorCount * 8);

    /// <summary>Raises the pool's minimum of worker threads to <paramref name="minimumWorkers"/> (never lowers it).</summary>
    /// <param name="minimumWorkers">The minimum wanted; null for <see cref="DefaultMinimum"/>.</param>
    /// <returns>The minimum in effect afterwards.</returns>
    public static int Apply(int? minimumWorkers = null)
    {
        var wanted = minimumWorkers ?? DefaultMinimum;
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1, nameof(minimumWorkers));
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (wanted > workers && ThreadPool.SetMinThreads(wanted, io))
        {
            return wanted;
        }

        return workers;
    }
}
