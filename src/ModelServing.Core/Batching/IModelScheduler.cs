using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

/// <summary>
/// How the requests of one loaded version reach its runner: the seam Triton calls a scheduler. The dynamic batcher is the one
/// built in; a composed model or a sequence batcher plugs in here without the data plane or the protocols changing.
/// </summary>
/// <remarks>Thread-safe. Disposing stops taking requests and finishes or fails the queued ones; it does not dispose the runner.</remarks>
public interface IModelScheduler : IAsyncDisposable
{
    /// <summary>The model's default deadline for a request that sets none, counted from the request's arrival; null for none.</summary>
    TimeSpan? DefaultTimeout { get; }

    /// <summary>The version's <c>model</c> and <c>version</c> tags for metrics.</summary>
    KeyValuePair<string, object?>[] MetricTags { get; }

    /// <summary>Requests waiting to run.</summary>
    int QueueDepth { get; }

    /// <summary>The inference timeout and circuit breaker its executions run under.</summary>
    ExecutionGuard Guard { get; }

    /// <summary>Runs validated model inputs and returns the model's outputs for exactly those rows.</summary>
    /// <param name="inputs">One tensor per model input, batch dimension first.</param>
    /// <param name="deadline">When the caller stops waiting; null for now + <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">The caller going away.</param>
    /// <exception cref="Errors.ServingException">The queue is full, the deadline passed, the breaker is open, or the runtime failed.</exception>
    Task<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs, DateTimeOffset? deadline, CancellationToken cancellationToken);
}
