using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.Scoring;

/// <summary>A parsed <c>/score</c> request.</summary>
/// <param name="Inputs">One tensor per model input, rows along the first dimension.</param>
/// <param name="Method"><c>predict</c> or <c>predict_proba</c>.</param>
public sealed record ScoreRequest(IReadOnlyDictionary<string, TensorData> Inputs, string Method);
