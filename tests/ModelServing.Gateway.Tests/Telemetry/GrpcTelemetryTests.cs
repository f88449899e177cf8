using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ModelServing.Gateway.Tests.Grpc.TensorFlowServing;
using ModelServing.Gateway.Tests.TestSupport;
using Tensorflow.Serving;
using HealthClient = Grpc.Health.V1.Health.HealthClient;

namespace ModelServing.Gateway.Tests.Telemetry;

/// <summary>gRPC calls in the request metrics and server spans: RPC service, method and status, and the model only when served.</summary>
public sealed class GrpcTelemetryTests
{
    [Fact]
    public async Task Metrics_GrpcCallsNamingServedAndUnknownModels_LabelOnlyTheServedModel()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        var client = new HealthClient(host.Channel!);

        await client.CheckAsync(new HealthCheckRequest { Service = "loans" });
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.CheckAsync(new HealthCheckRequest { Service = "unknown-model-name-xyz" }));
        var metrics = await host.Client.GetStringAsync("/metrics");

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var series = metrics.Split('\n').Where(l => l.StartsWith("modelserving_requests_total{", StringComparison.Ordinal)).ToList();
        Assert.Contains(series, s => s.Contains("model=\"loans\"", StringComparison.Ordinal)
            && s.Contains("rpc_system=\"grpc\"", StringComparison.Ordinal)
            && s.Contains("rpc_service=\"grpc.health.v1.Health\"", StringComparison.Ordinal)
            && s.Contains("rpc_method=\"Check\"", StringComparison.Ordinal)
            && s.Contains("rpc_grpc_status_code=\"0\"", StringComparison.Ordinal));
        Assert.Contains(series, s => s.Contains("rpc_grpc_status_code=\"5\"", StringComparison.Ordinal) && !s.Contains("model=", StringComparison.Ordinal));
        Assert.DoesNotContain("unknown-model-name-xyz", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_GrpcPredict_LabelledWithModelVersionAndMethod()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        var request = new PredictRequest
        {
            ModelSpec = new ModelSpec { Name = "loans" },
            Inputs = { ["income"] = TfGrpcFixture.Floats(2000), ["credit_cards"] = TfGrpcFixture.Floats(2), ["age"] = TfGrpcFixture.Floats(45) },
        };

        await new PredictionService.PredictionServiceClient(host.Channel!).PredictAsync(request);
        var metrics = await host.Client.GetStringAsync("/metrics");

        Assert.Contains(metrics.Split('\n'), s => s.StartsWith("modelserving_requests_total{", StringComparison.Ordinal)
            && s.Contains("model=\"loans\"", StringComparison.Ordinal)
            && s.Contains("version=\"1\"", StringComparison.Ordinal)
            && s.Contains("route=\"/tensorflow.serving.PredictionService/Predict\"", StringComparison.Ordinal)
            && s.Contains("rpc_service=\"tensorflow.serving.PredictionService\"", StringComparison.Ordinal)
            && s.Contains("rpc_method=\"Predict\"", StringComparison.Ordinal)
            && s.Contains("rpc_grpc_status_code=\"0\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Span_GrpcCall_NamedServiceSlashMethodWithRpcTags()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        var traceId = ActivityTraceId.CreateRandom();
        using var channel = GrpcChannel.ForAddress(
            "http://" + host.Channel!.Target, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { ActivityHeadersPropagator = null } });

        await new HealthClient(channel).CheckAsync(
            new HealthCheckRequest { Service = "loans" }, new Metadata { { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" } });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!spans.Any(s => s.TraceId == traceId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var server = Assert.Single(spans, s => s.TraceId == traceId);
        Assert.Equal("grpc.health.v1.Health/Check", server.DisplayName);
        Assert.Equal("grpc", server.GetTagItem("rpc.system"));
        Assert.Equal("grpc.health.v1.Health", server.GetTagItem("rpc.service"));
        Assert.Equal("Check", server.GetTagItem("rpc.method"));
        Assert.Equal(0, server.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal("loans", server.GetTagItem("modelserving.model"));
    }
}
