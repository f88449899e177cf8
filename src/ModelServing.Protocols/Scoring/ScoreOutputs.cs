using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Scoring;

/// <summary>Which output answers each scoring method, and how rows are written.</summary>
/// <remarks>
/// <c>predict</c> answers with the first output holding one label per row: an integer, string or serving-function
/// (structured) output, else the first output. <c>predict_proba</c> answers with the first floating-point output of rank 2
/// (one probability per class per row) and is refused for models without one. For <c>loans</c> that is <c>approved</c>
/// and <c>probabilities</c>.
/// </remarks>
public static class ScoreOutputs
{
    /// <summary>The output name for <paramref name="method"/>.</summary>
    /// <exception cref="ServingException">The model has no output for the method, or the method is unknown.</exception>
    public static string Choose(ModelSignature signature, string method) => method switch
    {
        "predict" => (signature.Outputs.FirstOrDefault(IsLabel) ?? signature.Outputs[0]).Name,
        "predict_proba" => signature.Outputs.FirstOrDefault(IsProbabilities)?.Name
            ?? throw ServingException.Invalid("This model has no probability output, so method predict_proba is not available; use predict"),
        _ => throw ServingException.Invalid($"Unknown method '{method}'; use predict or predict_proba"),
    };

    /// <summary>Writes the tensor as a JSON list with one entry per row (first dimension).</summary>
    public static void WriteRows(Utf8JsonWriter writer, string name, TensorData tensor) =>
        PredictResponseWriter.WritePredictions(writer, [new(name, tensor)]);

    private static bool IsLabel(TensorSpec spec) =>
        spec.Shape.Count <= 2 && spec.DataType is TensorDataType.Int64 or TensorDataType.Int32 or TensorDataType.String or TensorDataType.Json or TensorDataType.Bool;

    private static bool IsProbabilities(TensorSpec spec) =>
        spec.Shape.Count == 2 && spec.DataType is TensorDataType.Float or TensorDataType.Double or TensorDataType.Float16;
}
