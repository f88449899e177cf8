using System.Diagnostics.Metrics;
using ModelServing.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ModelServing.Gateway.Telemetry;

/// <summary>
/// Owns the OpenTelemetry providers of one gateway: the meter provider (always, feeding <c>/metrics</c>; OTLP when
/// configured) and the tracer provider (only when traces go somewhere). Disposed with the host, which flushes them.
/// </summary>
internal sealed class GatewayTelemetry : IDisposable
{
    /// <summary>The ASP.NET Core activity source that creates the server span of each request.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    private readonly MeterProvider _meters;
    private readonly TracerProvider? _traces;

    public GatewayTelemetry(IConfiguration configuration, IMeterFactory meterFactory)
    {
        Prometheus = PrometheusTextExporter.Create();
        var resource = ResourceBuilder.CreateEmpty()
            .AddService("modelserving")
            .AddTelemetrySdk()
            .AddEnvironmentVariableDetector();

        var meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(ServingTelemetry.Name, GatewayMetrics.MeterName)
            .AddView(instrument => IsOtherHosts(instrument, meterFactory) ? MetricStreamConfiguration.Drop : null)
            .AddReader(Prometheus.Reader);
        if (OtlpSignalEnabled(configuration, "METRICS"))
        {
            meters.AddOtlpExporter();
        }

        _meters = meters.Build();

        TracesExported = OtlpSignalEnabled(configuration, "TRACES");
        if (TracesExported)
        {
            _traces = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(ServingTelemetry.Name, AspNetCoreSource)
                .AddOtlpExporter()
                .Build();
        }
    }

    /// <summary>Renders the metrics as Prometheus text.</summary>
    public PrometheusTextExporter Prometheus { get; }

    /// <summary>True when spans are exported over OTLP.</summary>
    public bool TracesExported { get; }

    /// <summary>
    /// True when the standard variables send a signal (<c>TRACES</c>, <c>METRICS</c>) over OTLP: an endpoint is set
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_{signal}_ENDPOINT</c>), <c>OTEL_{signal}_EXPORTER</c>
    /// is unset or <c>otlp</c>, and <c>OTEL_SDK_DISABLED</c> is not <c>true</c>.
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
    /// True for a gateway instrument of another host in this process (tests run several): the SDK would merge its series
    /// with ours, and of same-named observable gauges it would observe only the first one published.
    /// </summary>
    private static bool IsOtherHosts(Instrument instrument, IMeterFactory meterFactory) =>
        instrument.Meter.Name == GatewayMetrics.MeterName && !ReferenceEquals(instrument.Meter.Scope, meterFactory);

    public void Dispose()
    {
        _traces?.Dispose();
        _meters.Dispose();
    }
}
