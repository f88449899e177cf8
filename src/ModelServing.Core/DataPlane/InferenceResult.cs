using ModelServing.Core.Tensors;

namespace ModelServing.Core.DataPlane;

/// <summary>The answer of a model version to one request.</summary>
/// <param name="ModelName">Model name.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="Outputs">Outputs in signature order.</param>
public sealed record InferenceResult(string ModelName, long Version, IReadOnlyList<KeyValuePair<string, TensorData>> Outputs);
