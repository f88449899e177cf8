using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ModelServing.Gateway.Telemetry;

/// <summary>Wires telemetry into the gateway: OpenTelemetry, request middleware, the Prometheus routes and JSON logs.</summary>
internal static class TelemetrySetup
{
    /// <summary>The Prometheus scrape routes.</summary>
    public static readonly string[] MetricsRoutes = ["/metrics", "/monitoring/prometheus/metrics"];

    /// <summary>Registers OpenTelemetry and the gateway's metrics, and switches console logs to JSON when asked.</summary>
    public static void AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddGatewayOpenTelemetry(builder.Configuration);
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

    /// <summary>Builds the providers and adds the request middleware; call first, so it sees the final status code.</summary>
    public static void UseGatewayTelemetry(this WebApplication app)
    {
        // Built now rather than by OpenTelemetry's hosted service, which starts after the repository loader: the first
        // loads' events would otherwise have no listener.
        app.Services.GetRequiredService<MeterProvider>();
        app.Services.GetService<TracerProvider>();
        app.UseMiddleware<RequestTelemetryMiddleware>();
        app.UseMiddleware<StepTimingsMiddleware>();
    }

    /// <summary>
    /// Maps <c>/metrics</c> and <c>/monitoring/prometheus/metrics</c> to OpenTelemetry's Prometheus exporter, GET only: the
    /// Prometheus text format 0.0.4, or OpenMetrics 1.0 when the scraper asks for it.
    /// </summary>
    /// <remarks>The routes are ordinary endpoints, so the general API keys guard them like every other route.</remarks>
    public static void MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        foreach (var route in MetricsRoutes)
        {
            routes.MapPrometheusScrapingEndpoint(route).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        }
    }
}
