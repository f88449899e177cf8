using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Telemetry;

/// <summary>The gateway exports over OTLP/HTTP to a real HTTP receiver, configured only through the standard <c>OTEL_*</c> settings.</summary>
public sealed class OtlpExportTests
{
    private const string Row = """{"instances":[{"income":1,"credit_cards":1,"age":1}]}""";

    [Fact]
    public async Task Predict_WithOtlpEndpoint_ExportsSpansAndMetricsUnderTheConfiguredServiceName()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var repository = new TestRepository().WithLoans()
            .WithConfig("loans", """{"batching": {"maxBatchSize": 8, "maxQueueDelayMicroseconds": 2000}}""");
        await PredictOnceAsync(repository, receiver, "--OTEL_SERVICE_NAME", "otlp-test-gateway");

        var traces = receiver.Text("traces");
        var metrics = receiver.Text("metrics");
        Assert.Contains("otlp-test-gateway", traces);
        Assert.Contains("POST /v1/models/{name}:predict", traces);
        foreach (var span in new[] { "preprocess", "queue wait", "inference", "postprocess" })
        {
            Assert.Contains(span, traces);
        }

        Assert.Contains("otlp-test-gateway", metrics);
        Assert.Contains("modelserving.requests", metrics);
        Assert.Contains("modelserving.inference.duration", metrics);
        Assert.Contains("http.server.request.duration", metrics); // ASP.NET Core instrumentation
        Assert.Contains("dotnet.gc.collections", metrics); // runtime instrumentation
    }

    [Fact]
    public async Task Predict_WithTracesExporterNone_ExportsMetricsOnly()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var repository = new TestRepository().WithLoans();
        await PredictOnceAsync(repository, receiver, "--OTEL_TRACES_EXPORTER", "none");

        Assert.Empty(receiver.Text("traces"));
        Assert.Contains("modelserving.requests", receiver.Text("metrics"));
    }

    /// <summary>
    /// Starts a gateway exporting over OTLP/HTTP to <paramref name="receiver"/> (plus <paramref name="settings"/>), sends one
    /// loans predict and stops the gateway, which flushes both providers.
    /// </summary>
    private static async Task PredictOnceAsync(TestRepository repository, OtlpReceiver receiver, params string[] settings)
    {
        var host = await GatewayHost.StartAsync(
            repository.Root,
            ["--OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint, "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", .. settings]);
        try
        {
            var (status, _) = await host.PostJsonAsync("/v1/models/loans:predict", Row);
            Assert.Equal(200, status);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
