using System.Diagnostics.Metrics;
using ModelServing.Core.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ModelServing.Gateway.Telemetry;

/// <summary>
/// Registers the gateway's OpenTelemetry providers through <c>OpenTelemetry.Extensions.Hosting</c>: the meter provider
/// (always, feeding the Prometheus scrape routes; OTLP when configured) and the tracer provider (only when traces go somewhere).
/// </summary>
/// <remarks>
/// The host starts the providers and disposes them (which flushes the exporters) with itself. The OTLP exporter, the
/// periodic metric reader and the span batching read the standard <c>OTEL_*</c> settings from the host's configuration.
/// </remarks>
internal static class GatewayTelemetry
{
    /// <summary>The <c>service.name</c> resource attribute unless <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c> set one.</summary>
    public const string DefaultServiceName = "modelserving";

    /// <summary>Adds the providers, the instrumentations and the exporters to <paramref name="services"/>.</summary>
    public static void AddGatewayOpenTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.Clear()
                .AddService(DefaultServiceName)
                .AddTelemetrySdk()
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServingTelemetry.Name, GatewayMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (metrics is IDeferredMeterProviderBuilder deferred)
                {
                    deferred.Configure((provider, builder) =>
                    {
                        var meterFactory = provider.GetRequiredService<IMeterFactory>();
                        builder.AddView(instrument => IsOtherHosts(instrument, meterFactory) ? MetricStreamConfiguration.Drop : null);
                    });
                }

                if (OtlpSignalEnabled(configuration, "METRICS"))
                {
                    metrics.AddOtlpExporter();
                }
            });

        if (OtlpSignalEnabled(configuration, "TRACES"))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(ServingTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }
    }

    /// <summary>
    /// True when the standard variables send a signal (<c>TRACES</c>, <c>METRICS</c>) over OTLP: an endpoint is set
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_{signal}_ENDPOINT</c>), <c>OTEL_{signal}_EXPORTER</c>
    /// is unset or names <c>otlp</c>, and <c>OTEL_SDK_DISABLED</c> is not <c>true</c>.
    /// </summary>
    public static bool OtlpSignalEnabled(IConfiguration configuration, string signal)
    {
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var exporter = configuration[$"OTEL_{signal}_EXPORTER"];
        if (!string.IsNullOrWhiteSpace(exporter) && !exporter.Split(',').Any(e => e.Trim().Equals("otlp", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]);
    }

    /// <summary>
    /// True for an instrument another host in this process created through its own <see cref="IMeterFactory"/> (tests run
    /// several): the gateway's meter and ASP.NET Core's and Kestrel's share their names across hosts, so without this the
    /// provider would merge their series with ours, and of same-named observable gauges observe only the first one published.
    /// </summary>
    private static bool IsOtherHosts(Instrument instrument, IMeterFactory meterFactory) =>
        instrument.Meter.Scope is IMeterFactory owner && !ReferenceEquals(owner, meterFactory);
}
