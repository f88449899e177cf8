using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

/// <summary>The runner of a composed model's version: its graph, run without a deadline (warm-up, tools).</summary>
/// <remarks>Thread-safe. Owns nothing native: the called models' runners belong to their own versions.</remarks>
internal sealed class GraphRunner(ComposedModel graph) : IModelRunner
{
    /// <summary>What status and metadata show as the execution provider of a composed model.</summary>
    public const string Provider = DataPlane.ModelMetadata.GraphExecutionProvider;

    public ModelSignature Signature => graph.Signature;

    public string ExecutionProvider => Provider;

    public async ValueTask<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs, IReadOnlyList<string>? outputNames, CancellationToken cancellationToken) =>
        await graph.RunAsync(inputs, null, cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
    }
}
