using ModelServing.Core.Errors;
using ModelServing.Core.Repository;

namespace ModelServing.Core.DataPlane;

/// <summary>
/// The one way a protocol reaches a model: acquire the version, let the protocol decode its request, infer under the call's
/// deadline, let the protocol write its answer, release the version. Every protocol adapter (REST, Open Inference, AzureML
/// <c>/score</c>, Vertex AI, gRPC) calls <see cref="RunAsync"/> with its own reader and writer and nothing else.
/// </summary>
/// <remarks>
/// Thread-safe. Errors leave as <see cref="ServingException"/> for the protocol to write in its own shape; the caller going
/// away leaves as <see cref="ServingErrorKind.Cancelled"/>, whichever step it interrupted.
/// </remarks>
public sealed class InferencePath
{
    private readonly InferenceService _dataPlane;
    private readonly TimeProvider _time;

    /// <summary>Creates the path over the data plane.</summary>
    public InferencePath(InferenceService dataPlane, TimeProvider time)
    {
        _dataPlane = dataPlane;
        _time = time;
    }

    /// <summary>Starts a call's deadline now: call this first, before the body is read.</summary>
    /// <param name="requestedTimeout">The caller's own timeout, or null for the model's default.</param>
    public InferenceDeadline Start(TimeSpan? requestedTimeout)
    {
        var now = _time.GetUtcNow();
        return new InferenceDeadline(now, requestedTimeout is { } timeout ? now + timeout : null);
    }

    /// <summary>Starts a call whose transport already carries an absolute deadline (gRPC).</summary>
    public InferenceDeadline Start(DateTimeOffset? requestedDeadline) => new(_time.GetUtcNow(), requestedDeadline);

    /// <summary>Runs one call.</summary>
    /// <param name="call">The transport's call.</param>
    /// <param name="adapter">The protocol's reader and writer.</param>
    /// <param name="target">The model and version.</param>
    /// <param name="deadline">From <see cref="Start(TimeSpan?)"/>.</param>
    /// <param name="served">Told which version serves the call, once it is leased (telemetry tags).</param>
    /// <param name="cancellationToken">The caller going away.</param>
    /// <exception cref="ServingException">Any failure, in the data plane's terms.</exception>
    public async Task RunAsync<TCall, TRequest>(
        TCall call,
        IInferenceAdapter<TCall, TRequest> adapter,
        ModelTarget target,
        InferenceDeadline deadline,
        Action<VersionLease>? served,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        try
        {
            using var lease = _dataPlane.Acquire(target.Name, target.Selector);
            served?.Invoke(lease);
            var request = adapter.Read(call, lease);
            var result = await _dataPlane.InferAsync(lease, adapter.Inputs(request), deadline.For(lease), cancellationToken).ConfigureAwait(false);
            await adapter.WriteAsync(call, request, result).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new ServingException(ServingErrorKind.Cancelled, "The caller went away.", ex);
        }
    }
}
