using System.Globalization;
using Microsoft.Extensions.Options;
using ModelServing.Core.DataPlane;
using ModelServing.Gateway.Http;
using ModelServing.Gateway.Security;


namespace ModelServing.Gateway.OpenInference;

/// <summary>The Open Inference Protocol (KServe v2) REST API: health, server and model metadata, readiness and infer.</summary>
/// <remarks>The repository extension (<c>/v2/repository/...</c>) is mapped elsewhere; these routes leave that prefix alone.</remarks>
internal static partial class OpenInferenceEndpoints
{
    /// <summary>The binary tensor data extension's header: length of the JSON part of the body.</summary>
    public const string HeaderLengthName = "Inference-Header-Content-Length";

    private const string Tag = "Open Inference Protocol (v2)";

    /// <summary>Maps the <c>/v2</c> routes.</summary>
    public static void MapOpenInferenceEndpoints(this IEndpointRouteBuilder routes)
    {
        var v2 = routes.MapGroup("/v2").WithTags(Tag).WithProtocolErrors(OpenInferenceErrors.Instance);
        var adapter = new InferAdapter(routes.ServiceProvider.GetRequiredService<IOptions<RequestLimits>>().Value.MaxJsonDepth);

        // Probes (KServe, Triton clients) carry no key, as /healthz and /readyz.
        v2.MapGet("/health/live", LiveAsync).WithName("V2Live").WithSummary("Server liveness").WithoutGeneralApiKey();
        v2.MapGet("/health/ready", ReadyAsync).WithName("V2Ready").WithSummary("Server readiness: every model has an AVAILABLE version")
            .WithoutGeneralApiKey();
        v2.MapGet(string.Empty, ServerMetadataAsync).WithName("V2ServerMetadata").WithSummary("Server name, version and extensions");

        v2.MapGet("/models/{name}", (HttpContext c, string name, InferenceService s) => ModelMetadataAsync(c, s, name, null))
            .WithName("V2ModelMetadata").WithSummary("Model metadata (latest AVAILABLE version)");
        v2.MapGet("/models/{name}/versions/{version}", (HttpContext c, string name, string version, InferenceService s) => ModelMetadataAsync(c, s, name, version))
            .WithName("V2ModelVersionMetadata").WithSummary("Model metadata of one version");
        v2.MapGet("/models/{name}/ready", (HttpContext c, string name, InferenceService s) => ModelReadyAsync(c, s, name, null))
            .WithName("V2ModelReady").WithSummary("Whether the model has an AVAILABLE version");
        v2.MapGet("/models/{name}/versions/{version}/ready", (HttpContext c, string name, string version, InferenceService s) => ModelReadyAsync(c, s, name, version))
            .WithName("V2ModelVersionReady").WithSummary("Whether one version is AVAILABLE");
        v2.MapPost("/models/{name}/infer", (HttpContext c, string name) => InferAsync(c, adapter, name, null))
            .WithName("V2Infer").WithSummary("Inference with the latest AVAILABLE version");
        v2.MapPost("/models/{name}/versions/{version}/infer", (HttpContext c, string name, string version) => InferAsync(c, adapter, name, version))
            .WithName("V2InferVersion").WithSummary("Inference with one version");
    }

    /// <summary>The selector for a version path segment: null (latest) or a number; null when it is not a number.</summary>
    internal static VersionSelector? Select(string? version) =>
        version is null
            ? VersionSelector.Latest
            : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? VersionSelector.ForVersion(number) : null;
}
