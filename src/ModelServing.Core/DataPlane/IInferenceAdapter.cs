using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.DataPlane;

/// <summary>A protocol's two ends on the <see cref="InferencePath"/>: its reader and its writer. Everything between is shared.</summary>
/// <typeparam name="TCall">What the transport hands over for one call: an HTTP context and its body, a gRPC message and its context.</typeparam>
/// <typeparam name="TRequest">The protocol's decoded request.</typeparam>
/// <remarks>Implementations are stateless singletons; per-call state travels in <typeparamref name="TCall"/> and <typeparamref name="TRequest"/>.</remarks>
public interface IInferenceAdapter<TCall, TRequest>
{
    /// <summary>Decodes the call against the leased version's public signature (<see cref="VersionLease.Signature"/>).</summary>
    /// <exception cref="Errors.ServingException">Invalid input, naming what was wrong.</exception>
    TRequest Read(TCall call, VersionLease lease);

    /// <summary>The request's tensors, one per public input.</summary>
    IReadOnlyDictionary<string, TensorData> Inputs(TRequest request);

    /// <summary>Writes the answer in the protocol's shape.</summary>
    ValueTask WriteAsync(TCall call, TRequest request, InferenceResult result);
}
