using System.Diagnostics.Metrics;
using ModelServing.Gateway.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ModelServing.Gateway.Tests.Telemetry;

public sealed class PrometheusTextExporterTests
{
    [Fact]
    public void Scrape_Counter_WritesTotalWithEscapedLabels()
    {
        using var meter = new Meter(UniqueName());
        var exporter = PrometheusTextExporter.Create();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddReader(exporter.Reader).Build();
        var counter = meter.CreateCounter<long>("test.requests", "{request}", "Requests \\ served\nso far.");

        counter.Add(2, new KeyValuePair<string, object?>("model", "a\"b\\c\nd"), new("code", 200));
        counter.Add(3, new KeyValuePair<string, object?>("model", "a\"b\\c\nd"), new("code", 200));

        var text = exporter.Scrape();

        Assert.NotNull(text);
        Assert.Contains("# HELP test_requests_total Requests \\\\ served\\nso far.\n", text);
        Assert.Contains("# TYPE test_requests_total counter\n", text);
        Assert.Contains("test_requests_total{code=\"200\",model=\"a\\\"b\\\\c\\nd\"} 5\n", text);
    }

    [Fact]
    public void Scrape_Histogram_WritesCumulativeBucketsSumAndCount()
    {
        using var meter = new Meter(UniqueName());
        var exporter = PrometheusTextExporter.Create();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddReader(exporter.Reader).Build();
        var histogram = meter.CreateHistogram<double>(
            "test.latency", "s", "Latency.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });

        histogram.Record(0.05, new KeyValuePair<string, object?>("route", "/p"));
        histogram.Record(0.5, new KeyValuePair<string, object?>("route", "/p"));
        histogram.Record(7, new KeyValuePair<string, object?>("route", "/p"));

        var lines = exporter.Scrape()!.Split('\n');

        Assert.Equal(
            [
                "# HELP test_latency_seconds Latency.",
                "# TYPE test_latency_seconds histogram",
                "test_latency_seconds_bucket{route=\"/p\",le=\"0.1\"} 1",
                "test_latency_seconds_bucket{route=\"/p\",le=\"1\"} 2",
                "test_latency_seconds_bucket{route=\"/p\",le=\"+Inf\"} 3",
                "test_latency_seconds_sum{route=\"/p\"} 7.55",
                "test_latency_seconds_count{route=\"/p\"} 3",
                "",
            ],
            lines);
    }

    [Fact]
    public void Scrape_GaugesAndUpDownCounters_WriteGaugeType()
    {
        using var meter = new Meter(UniqueName());
        var exporter = PrometheusTextExporter.Create();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddReader(exporter.Reader).Build();
        meter.CreateObservableGauge("test.queue.depth", () => 4, "{request}");
        var upDown = meter.CreateUpDownCounter<double>("test.memory", "By");
        upDown.Add(10.5);
        upDown.Add(-0.25);

        var text = exporter.Scrape()!;

        Assert.Contains("# TYPE test_queue_depth gauge\ntest_queue_depth 4\n", text);
        Assert.Contains("# TYPE test_memory_bytes gauge\ntest_memory_bytes 10.25\n", text);
        Assert.DoesNotContain("# HELP test_queue_depth", text);
    }

    [Theory]
    [InlineData("a.b-c", "s", false, "a_b_c_seconds")]
    [InlineData("requests", "{request}", true, "requests_total")]
    [InlineData("x_total", null, true, "x_total")]
    [InlineData("2xx", "ms", false, "_2xx_milliseconds")]
    [InlineData("size_bytes", "By", false, "size_bytes")]
    public void MetricName_SanitizesAndAddsSuffixes(string instrument, string? unit, bool counter, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.MetricName(instrument, unit, counter));

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1E-07")]
    public void FormatDouble_UsesPrometheusSpellings(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.FormatDouble(value));

    private static string UniqueName() => "test." + Guid.NewGuid().ToString("N");
}
