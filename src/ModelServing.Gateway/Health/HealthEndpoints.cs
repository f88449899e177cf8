using ModelServing.Gateway.OpenApi;
using ModelServing.Gateway.Security;

namespace ModelServing.Gateway.Health;

/// <summary>Orchestrator probes: <c>/healthz</c> (the process is alive) and <c>/readyz</c> (every model is AVAILABLE).</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Health").WithoutGeneralApiKey();
        group.MapGet("/healthz", () => Results.Json(new HealthResponse("alive", null)))
            .WithName("Liveness").WithSummary("Liveness: 200 while the process serves HTTP").Documented(Docs.Liveness);
        group.MapGet("/readyz", (ReadinessProbe probe) =>
            {
                var (ready, reasons) = probe.Check();
                var warnings = probe.Warnings() is { Count: > 0 } found ? found : null;
                return ready
                    ? Results.Json(new HealthResponse("ready", null, warnings))
                    : Results.Json(new HealthResponse("not ready", reasons, warnings), statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("Readiness").WithSummary("Readiness: 200 when every model has an AVAILABLE version, else 503 with the reasons; warnings name invalid configs that do not stop serving")
            .Documented(Docs.Readiness);
    }
}
