using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Gateway.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ModelServing.Gateway.Tests.Telemetry;

public sealed class GatewayTelemetryTests
{
    [Theory]
    [InlineData("TRACES", null, null, null, null, false)]
    [InlineData("TRACES", "http://collector:4317", null, null, null, true)]
    [InlineData("METRICS", null, "http://collector:4318/v1/metrics", null, null, true)]
    [InlineData("TRACES", null, "http://collector:4318/v1/metrics", null, null, false)]
    [InlineData("TRACES", "http://collector:4317", null, "none", null, false)]
    [InlineData("TRACES", "http://collector:4317", null, "console, OTLP", null, true)]
    [InlineData("METRICS", "http://collector:4317", null, null, "true", false)]
    [InlineData("METRICS", "http://collector:4317", null, null, "false", true)]
    public void OtlpSignalEnabled_StandardVariables_DecideEachSignal(
        string signal, string? endpoint, string? metricsEndpoint, string? exporter, string? disabled, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = metricsEndpoint,
            [$"OTEL_{signal}_EXPORTER"] = exporter,
            ["OTEL_SDK_DISABLED"] = disabled,
        }).Build();

        Assert.Equal(expected, GatewayTelemetry.OtlpSignalEnabled(configuration, signal));
    }

    [Theory]
    [InlineData(new string[0], "modelserving")]
    [InlineData(new[] { "--OTEL_SERVICE_NAME", "ocr-gateway" }, "ocr-gateway")]
    [InlineData(new[] { "--OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes,deployment.environment=test" }, "from-attributes")]
    public async Task Resource_ServiceName_DefaultsToModelservingUnlessOtelVariablesSetOne(string[] args, string expected)
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root, args);

        var resource = host.Services.GetRequiredService<MeterProvider>().GetResource();

        Assert.Equal(expected, resource.Attributes.Single(a => a.Key == "service.name").Value);
    }

    [Fact]
    public async Task TracerProvider_WithoutOtlpEndpoint_IsNotBuilt()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }
}
