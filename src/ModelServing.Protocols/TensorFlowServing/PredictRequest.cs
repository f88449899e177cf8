using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>A decoded TF Serving predict request.</summary>
/// <param name="SignatureName">The <c>signature_name</c> the caller asked for, or null when absent.</param>
/// <param name="Format">Row (<c>instances</c>) or columnar (<c>inputs</c>).</param>
/// <param name="Inputs">One tensor per model input, keyed by input name, in the signature's order.</param>
/// <param name="Parameters">The Vertex AI <c>parameters</c> value (a detached clone), or null when absent or not allowed.</param>
public sealed record PredictRequest(
    string? SignatureName,
    PredictRequestFormat Format,
    IReadOnlyDictionary<string, TensorData> Inputs,
    JsonElement? Parameters);
