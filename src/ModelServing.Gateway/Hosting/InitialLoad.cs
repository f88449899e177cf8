namespace ModelServing.Gateway.Hosting;

/// <summary>Completes when the first scan of the model repository, and the loads it started, have finished.</summary>
/// <remarks>Thread-safe. Completed by <see cref="ModelRepositoryLoader"/> whether the load succeeded or not (and on shutdown).</remarks>
internal sealed class InitialLoad
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first load; never faults.</summary>
    public Task Completed => _completed.Task;

    /// <summary>Marks the first load as finished.</summary>
    public void Complete() => _completed.TrySetResult();
}
