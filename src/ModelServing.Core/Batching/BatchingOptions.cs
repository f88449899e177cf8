namespace ModelServing.Core.Batching;

/// <summary>Settings of a <see cref="DynamicBatcher"/>: Triton's <c>dynamic_batching</c> and TF Serving's batching parameters.</summary>
public sealed record BatchingOptions
{
    /// <summary>Most rows per model execution; 0 turns batching off and requests call the model directly. Default <c>8</c>.</summary>
    /// <remarks>Triton <c>max_batch_size</c>, TF Serving <c>max_batch_size</c>.</remarks>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>How long the oldest queued request waits for its batch to fill before what is queued runs. Default <c>2 ms</c>.</summary>
    /// <remarks>Triton <c>max_queue_delay_microseconds</c>, TF Serving <c>batch_timeout_micros</c>. Zero runs whatever is queued at once.</remarks>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Batch sizes that run as soon as the queue can form them, without waiting for the delay. Default empty.</summary>
    /// <remarks>Triton <c>preferred_batch_size</c>; each must be between 1 and <see cref="MaxBatchSize"/>.</remarks>
    public IReadOnlyList<int> PreferredBatchSizes { get; init; } = [];

    /// <summary>Most requests waiting in the queue; one more fails with <c>QueueFull</c>. Default <c>1024</c>.</summary>
    /// <remarks>Triton <c>max_queue_size</c>. A request split across several batches counts once.</remarks>
    public int MaxQueueSize { get; init; } = 1024;

    /// <summary>Deadline of a request that brings none, counted from when it arrives; null for none. Default <c>null</c>.</summary>
    /// <remarks>Triton <c>default_timeout_microseconds</c>.</remarks>
    public TimeSpan? DefaultTimeout { get; init; }

    /// <summary>Most model executions running at once for this version. Default <c>1</c>.</summary>
    /// <remarks>
    /// Triton instance count, TF Serving <c>num_batch_threads</c>. Also the most execution threads the batcher starts: every
    /// runner call, batched or bypassed, runs on one of them.
    /// </remarks>
    public int MaxConcurrentExecutions { get; init; } = 1;

    /// <summary>Batch inputs whose non-batch dimensions differ by padding them with zeros to the largest. Default <c>false</c>.</summary>
    /// <remarks>TF Serving <c>pad_variable_length_inputs</c>. Outputs are not cropped back (see the folder's README).</remarks>
    public bool PadVariableLength { get; init; }

    /// <summary>Every problem with these settings, as (camelCase field name, message); empty when valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string Field, string Message)>();
        if (MaxBatchSize < 0)
        {
            errors.Add(("maxBatchSize", "must not be negative (0 turns batching off)"));
        }

        if (MaxQueueDelay < TimeSpan.Zero)
        {
            errors.Add(("maxQueueDelay", "must not be negative"));
        }

        if (PreferredBatchSizes is null)
        {
            errors.Add(("preferredBatchSizes", "must be a list (empty for none)"));
        }
        else
        {
            foreach (var size in PreferredBatchSizes)
            {
                if (size < 1 || size > MaxBatchSize)
                {
                    errors.Add(("preferredBatchSizes", $"{size} must be between 1 and maxBatchSize ({MaxBatchSize})"));
                }
            }
        }

        if (MaxQueueSize < 1)
        {
            errors.Add(("maxQueueSize", "must be at least 1"));
        }

        if (DefaultTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add(("defaultTimeout", "must be positive when set"));
        }

        if (MaxConcurrentExecutions < 1)
        {
            errors.Add(("maxConcurrentExecutions", "must be at least 1"));
        }

        return errors;
    }
}
