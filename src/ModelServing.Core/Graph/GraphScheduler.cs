using ModelServing.Core.Batching;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

/// <summary>
/// The scheduler of a composed model's version: runs each request's graph at once, in the caller's flow. It batches nothing
/// itself; the models it calls batch the items of all requests in their own schedulers.
/// </summary>
/// <remarks>Thread-safe. Disposing stops taking requests; running graphs finish with the leases they hold.</remarks>
internal sealed class GraphScheduler(ComposedModel graph, KeyValuePair<string, object?>[] metricTags, TimeSpan? defaultTimeout) : IModelScheduler
{
    private int _running;
    private volatile bool _disposed;

    public TimeSpan? DefaultTimeout { get; } = defaultTimeout;

    public KeyValuePair<string, object?>[] MetricTags { get; } = metricTags;

    /// <summary>Graphs running now (they wait in the called models' queues, not here).</summary>
    public int QueueDepth => Volatile.Read(ref _running);

    public ExecutionGuard Guard => ExecutionGuard.None;

    public async Task<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Increment(ref _running);
        try
        {
            return await graph.RunAsync(inputs, deadline, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
