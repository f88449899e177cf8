namespace ModelServing.Core.Runtime;

/// <summary>
/// Where one model version's executions run: the seam between deciding what runs (the batcher) and the threads that block
/// on the model while it runs.
/// </summary>
/// <remarks>
/// Thread-safe. Work runs in the order it was queued, each on a thread of the executor and never on a thread-pool thread,
/// so a model run that blocks its thread cannot starve request handling, timers or cancellation callbacks. The owner
/// disposes the executor once it queues nothing more; disposal lets queued work finish first.
/// </remarks>
internal interface IModelExecutor : IAsyncDisposable
{
    /// <summary>Queues <paramref name="work"/> to run on one of the executor's threads.</summary>
    /// <returns>False when the executor is being disposed: the work will not run, and the caller must report that itself.</returns>
    bool TryQueue(IExecutionWork work);
}
