using System.Text.Json.Serialization;
using ModelServing.LoadGen.Http;
using ModelServing.LoadGen.InProcess;

namespace ModelServing.LoadGen.Reporting;

/// <summary>Source-generated JSON for the reports: camelCase, nulls left out, one line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HttpLoadReport))]
[JsonSerializable(typeof(InProcessReport))]
[JsonSerializable(typeof(NoteLine))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
