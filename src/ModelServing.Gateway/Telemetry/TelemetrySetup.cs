using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelServing.Gateway.Telemetry;

/// <summary>Wires telemetry into the gateway: providers, request middleware, the Prometheus routes and JSON logs.</summary>
internal static class TelemetrySetup
{
    /// <summary>The Prometheus scrape routes.</summary>
    public static readonly string[] MetricsRoutes = ["/metrics", "/monitoring/prometheus/metrics"];

    /// <summary>Registers the providers and metrics, and switches console logs to JSON when asked.</summary>
    public static void AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<GatewayTelemetry>();
        builder.Services.TryAddSingleton<GatewayMetrics>();

        var format = builder.Configuration["Logging:Format"] ?? Environment.GetEnvironmentVariable("MODELSERVING_LOG_FORMAT");
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary>Starts the providers and adds the request middleware; call first, so it sees the final status code.</summary>
    public static void UseGatewayTelemetry(this WebApplication app)
    {
        app.Services.GetRequiredService<GatewayTelemetry>();
        app.UseMiddleware<RequestTelemetryMiddleware>();
    }

    /// <summary>Maps <c>/metrics</c> and <c>/monitoring/prometheus/metrics</c>.</summary>
    public static void MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        foreach (var route in MetricsRoutes)
        {
            routes.MapGet(route, WriteMetricsAsync).WithTags("Monitoring").WithSummary("Metrics in the Prometheus text format 0.0.4");
        }
    }

    private static async Task WriteMetricsAsync(HttpContext context, GatewayTelemetry telemetry)
    {
        var text = telemetry.Prometheus.Scrape();
        if (text is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        context.Response.ContentType = PrometheusTextWriter.ContentType;
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
