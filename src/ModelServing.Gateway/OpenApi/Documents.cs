using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelServing.Gateway.OpenApi;

/// <summary>TF Serving's error body.</summary>
/// <param name="Error">What went wrong.</param>
public sealed record ErrorDocument([property: JsonPropertyName("error")] string Error);

/// <summary>A TF Serving predict request: row format (<c>instances</c>) or columnar format (<c>inputs</c>), not both.</summary>
public sealed class PredictRequestDocument
{
    /// <summary>Signature to run; ONNX models have one, <c>serving_default</c>.</summary>
    [JsonPropertyName("signature_name")]
    public string? SignatureName { get; init; }

    /// <summary>Row format: one entry per instance; with several inputs, an object with one key per input.</summary>
    [JsonPropertyName("instances")]
    public IReadOnlyList<JsonElement>? Instances { get; init; }

    /// <summary>Columnar format: a tensor for a single-input model, or an object of named tensors.</summary>
    [JsonPropertyName("inputs")]
    public JsonElement? Inputs { get; init; }
}

/// <summary>A TF Serving predict response: <c>predictions</c> for row requests, <c>outputs</c> for columnar ones.</summary>
public sealed class PredictResponseDocument
{
    /// <summary>One entry per instance; with several outputs, an object with one key per output.</summary>
    [JsonPropertyName("predictions")]
    public IReadOnlyList<JsonElement>? Predictions { get; init; }

    /// <summary>The output tensor, or an object of named output tensors.</summary>
    [JsonPropertyName("outputs")]
    public JsonElement? Outputs { get; init; }
}

/// <summary>A Vertex AI prediction request.</summary>
public sealed class VertexPredictRequestDocument
{
    /// <summary>One entry per instance.</summary>
    [JsonPropertyName("instances")]
    public required IReadOnlyList<JsonElement> Instances { get; init; }

    /// <summary>Request-wide parameters (accepted, not used by ONNX models).</summary>
    [JsonPropertyName("parameters")]
    public JsonElement? Parameters { get; init; }
}

/// <summary>A Vertex AI prediction response.</summary>
/// <param name="Predictions">One entry per instance.</param>
public sealed record VertexPredictResponseDocument([property: JsonPropertyName("predictions")] IReadOnlyList<JsonElement> Predictions);

/// <summary>TF Serving's GetModelStatus response.</summary>
/// <param name="ModelVersionStatus">One entry per version.</param>
public sealed record ModelStatusDocument([property: JsonPropertyName("model_version_status")] IReadOnlyList<VersionStatusDocument> ModelVersionStatus);

/// <summary>One version's state.</summary>
/// <param name="Version">Version number, as a string.</param>
/// <param name="State">START, LOADING, AVAILABLE, UNLOADING or END.</param>
/// <param name="Status">Error code and message of the last load.</param>
public sealed record VersionStatusDocument(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("status")] StatusDocument Status);

/// <summary>A canonical error code and message.</summary>
/// <param name="ErrorCode">OK, INVALID_ARGUMENT, NOT_FOUND, UNKNOWN...</param>
/// <param name="ErrorMessage">Empty when OK.</param>
public sealed record StatusDocument(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_message")] string ErrorMessage);

/// <summary>TF Serving's GetModelMetadata response.</summary>
/// <param name="ModelSpec">Which model and version answered.</param>
/// <param name="Metadata">The signature definitions.</param>
public sealed record ModelMetadataDocument(
    [property: JsonPropertyName("model_spec")] ModelSpecDocument ModelSpec,
    [property: JsonPropertyName("metadata")] JsonElement Metadata);

/// <summary>Model name, signature name and version.</summary>
/// <param name="Name">Model name.</param>
/// <param name="SignatureName">Empty.</param>
/// <param name="Version">Version number, as a string.</param>
public sealed record ModelSpecDocument(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("signature_name")] string SignatureName,
    [property: JsonPropertyName("version")] string Version);
