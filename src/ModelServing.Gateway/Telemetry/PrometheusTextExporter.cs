using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ModelServing.Gateway.Telemetry;

/// <summary>An exporter that renders what its reader collects as Prometheus text when <see cref="Scrape"/> asks.</summary>
/// <remarks>
/// Thread-safe: <see cref="Scrape"/> serializes collections; the SDK calls <see cref="Export"/> inside one. The reader has
/// no timer, so it collects only on a scrape (and once at shutdown, which renders nothing). It is not marked pull-only:
/// the SDK lets a pull-only reader collect only through an internal scope reserved for its own exporters.
/// </remarks>
internal sealed class PrometheusTextExporter : BaseExporter<Metric>
{
    private readonly Lock _gate = new();
    private StringBuilder? _target;

    /// <summary>The reader that pulls from the meter provider; add it to the provider.</summary>
    public BaseExportingMetricReader Reader { get; private set; } = null!;

    /// <summary>Creates the exporter and its reader.</summary>
    public static PrometheusTextExporter Create()
    {
        var exporter = new PrometheusTextExporter();
        exporter.Reader = new BaseExportingMetricReader(exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
        return exporter;
    }

    /// <summary>Collects every metric now and returns the text exposition, or null when collection failed or timed out.</summary>
    public string? Scrape(int timeoutMilliseconds = 5000)
    {
        lock (_gate)
        {
            var text = new StringBuilder(4096);
            _target = text;
            try
            {
                return Reader.Collect(timeoutMilliseconds) ? text.ToString() : null;
            }
            finally
            {
                _target = null;
            }
        }
    }

    /// <inheritdoc/>
    public override ExportResult Export(in Batch<Metric> batch)
    {
        var target = _target;
        if (target is null)
        {
            // The collection at shutdown: nobody is waiting for text.
            return ExportResult.Success;
        }

        foreach (var metric in batch)
        {
            PrometheusTextWriter.Write(target, metric);
        }

        return ExportResult.Success;
    }
}
