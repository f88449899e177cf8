using Microsoft.Extensions.Options;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;
using ModelServing.Gateway.OpenApi;
using ModelServing.Gateway.Security;
using ModelServing.Gateway.TensorFlowServing;
using ModelServing.Protocols.TensorFlowServing;

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
                .Documented(Docs.VertexHealth).WithoutGeneralApiKey();
        }

        if (!string.IsNullOrEmpty(options.PredictRoute))
        {
            routes.MapPost(options.PredictRoute, (HttpContext c, InferenceService s) => PredictAsync(c, s, options))
                .WithTags("Vertex AI").WithName("VertexPredict").WithSummary("Vertex AI prediction (AIP_PREDICT_ROUTE)")
                .Documented(Docs.VertexPredict);
        }
    }

    private static async Task HealthAsync(HttpContext context, InferenceService dataPlane, VertexOptions options)
    {
        if (context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            await TensorFlowServingErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The gateway is shutting down.");
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
            await TensorFlowServingErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ex.Message);
        }
    }

    private static async Task PredictAsync(HttpContext context, InferenceService dataPlane, VertexOptions options)
    {
        try
        {
            var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
            using var lease = dataPlane.Acquire(ResolveModel(dataPlane, options), VersionSelector.Latest);
            Telemetry.RequestTelemetryFeature.Served(context, lease);
            var request = PredictRequestReader.Read(body, lease.Signature, context.RequestServices.GetRequiredService<IOptions<RequestLimits>>().Value.ReaderOptions);
            if (request.Format != PredictRequestFormat.Row)
            {
                throw ServingException.Invalid("Vertex AI prediction requests carry 'instances', not 'inputs'.");
            }

            var deadline = RequestDeadline.From(context.Request, context.RequestServices.GetRequiredService<TimeProvider>());
            var result = await dataPlane.InferAsync(lease, request.Inputs, deadline, context.RequestAborted);
            await JsonOutput.WriteAsync(context, StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("predictions");
                PredictResponseWriter.WritePredictions(writer, result.Outputs);
                writer.WriteEndObject();
            });
        }
        catch (ServingException ex)
        {
            await TensorFlowServingErrors.WriteAsync(context, ex);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
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
