using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.DataPlane;

/// <summary>What a loaded model version looks like to callers.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Version">Version number.</param>
/// <param name="Signature">Inputs and outputs.</param>
/// <param name="ExecutionProvider">Where it runs.</param>
/// <param name="Description">Config description, if any.</param>
/// <param name="ServingFunction">The serving-function stages, in order (empty without one).</param>
public sealed record ModelMetadata(
    string Name, long Version, ModelSignature Signature, string ExecutionProvider, string? Description, IReadOnlyList<ServingStageConfig> ServingFunction)
{
    /// <summary>The <see cref="ExecutionProvider"/> of a composed model (a graph of other served models).</summary>
    public const string GraphExecutionProvider = "graph";
}
