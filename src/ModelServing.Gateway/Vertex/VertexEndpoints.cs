using Microsoft.Extensions.Options;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;
using ModelServing.Gateway.OpenApi;
using ModelServing.Gateway.Security;

namespace ModelServing.Gateway.Vertex;

/// <summary>Vertex AI custom-container routes: <c>AIP_HEALTH_ROUTE</c> and <c>AIP_PREDICT_ROUTE</c>.</summary>
internal static class VertexEndpoints
{
    public static void MapVertexEndpoints(this IEndpointRouteBuilder routes)
    {
        var options = routes.ServiceProvider.GetRequiredService<IOptions<VertexOptions>>().Value;
        if (!string.IsNullOrEmpty(options.HealthRoute))
        {
            routes.MapGet(options.HealthRoute, (HttpContext c, InferenceService s) => HealthAsync(c, s, options))
                .WithTags("Vertex AI").WithName("VertexHealth").WithSummary("Vertex AI health check (AIP_HEALTH_ROUTE)")
                .Documented(Docs.VertexHealth).WithoutGeneralApiKey().WithProtocolErrors(VertexErrors.Instance);
        }

        if (!string.IsNullOrEmpty(options.PredictRoute))
        {
            var adapter = new VertexPredictAdapter(routes.ServiceProvider.GetRequiredService<IOptions<RequestLimits>>().Value.ReaderOptions);
            routes.MapPost(
                    options.PredictRoute,
                    (HttpContext c, InferenceService s) => HttpInference.HandleAsync(c, adapter, VertexErrors.Instance, _ => new ModelTarget(ResolveModel(s, options), VersionSelector.Latest)))
                .WithTags("Vertex AI").WithName("VertexPredict").WithSummary("Vertex AI prediction (AIP_PREDICT_ROUTE)")
                .Documented(Docs.VertexPredict).WithProtocolErrors(VertexErrors.Instance);
        }
    }

    private static async Task HealthAsync(HttpContext context, InferenceService dataPlane, VertexOptions options)
    {
        if (context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            await VertexErrors.Instance.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The gateway is shutting down.");
            return;
        }

        try
        {
            using var lease = dataPlane.Acquire(ResolveModel(dataPlane, options), VersionSelector.Latest);
            Telemetry.RequestTelemetryFeature.Served(context, lease);
            context.Response.StatusCode = StatusCodes.Status200OK;
            await context.Response.WriteAsJsonAsync(new { status = "ready" });
        }
        catch (ServingException ex)
        {
            await VertexErrors.Instance.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ex.Message);
        }
    }

    private static string ResolveModel(InferenceService dataPlane, VertexOptions options)
    {
        if (!string.IsNullOrEmpty(options.Model))
        {
            return options.Model;
        }

        var names = dataPlane.ModelNames;
        return names.Count == 1
            ? names[0]
            : throw new ServingException(ServingErrorKind.FailedPrecondition,
                names.Count == 0 ? "No model is loaded." : "Several models are loaded; set Vertex:Model to choose the one that answers Vertex AI routes.");
    }
}
