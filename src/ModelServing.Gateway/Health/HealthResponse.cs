using System.Text.Json.Serialization;

namespace ModelServing.Gateway.Health;

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>.</summary>
/// <param name="Status"><c>alive</c>, <c>ready</c> or <c>not ready</c>.</param>
/// <param name="Reasons">Why it is not ready (one entry per model that is not), or absent.</param>
/// <param name="Warnings">What is wrong but keeps serving (a model's invalid <c>config.json</c> while its last valid config serves), or absent.</param>
public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reasons"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Reasons,
    [property: JsonPropertyName("warnings"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Warnings = null);
