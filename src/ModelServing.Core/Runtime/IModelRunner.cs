using ModelServing.Core.Tensors;

namespace ModelServing.Core.Runtime;

/// <summary>A loaded model version that runs inputs to outputs (one ONNX Runtime session, for example).</summary>
/// <remarks>
/// Implementations are thread-safe: <see cref="RunAsync"/> may be called concurrently. The model manager owns the runner and
/// disposes it once the version is unloaded and no request holds it.
/// </remarks>
public interface IModelRunner : IDisposable
{
    /// <summary>The inputs and outputs as the model declares them.</summary>
    ModelSignature Signature { get; }

    /// <summary>Where the model runs (<c>cpu</c>, <c>cuda</c>), for status, metadata and metrics.</summary>
    string ExecutionProvider { get; }

    /// <summary>Runs the model.</summary>
    /// <param name="inputs">One tensor per model input, already validated against <see cref="Signature"/>.</param>
    /// <param name="outputNames">Outputs to compute, or null for all of them.</param>
    /// <param name="cancellationToken">Stops waiting; implementations may also stop the run.</param>
    /// <returns>The requested outputs by name, in signature order.</returns>
    ValueTask<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs,
        IReadOnlyList<string>? outputNames,
        CancellationToken cancellationToken);
}
