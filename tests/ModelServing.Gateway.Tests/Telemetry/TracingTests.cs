using System.Collections.Concurrent;
using System.Diagnostics;
using ModelServing.Core.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Telemetry;

public sealed class TracingTests
{
    [Fact]
    public async Task Predict_WithTraceparent_ServerSpanContinuesTraceWithStageSpans()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is ServingTelemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var repository = new TestRepository().WithLoans()
            .WithConfig("loans", """{"batching": {"maxBatchSize": 8, "maxQueueDelayMicroseconds": 2000}}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var traceId = ActivityTraceId.CreateRandom();
        var parentId = ActivitySpanId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/loans:predict")
        {
            Content = new StringContent("""{"instances":[{"income":1,"credit_cards":1,"age":1}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{parentId}-01");
        request.Headers.Add("x-request-id", "trace-test-1");
        // A client that starts no span of its own: while another test's gateway exports traces, its HttpClient
        // instrumentation listens process-wide, and a client span would replace this traceparent with its own.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = host.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        await WaitForAsync(() => spans.Any(s => s.TraceId == traceId && s.Kind == ActivityKind.Server));

        Assert.Equal(200, (int)response.StatusCode);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal(parentId, server.ParentSpanId);
        Assert.Equal("POST /v1/models/{name}:predict", server.DisplayName);
        Assert.Equal("trace-test-1", server.GetTagItem("http.request.header.x-request-id"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
        Assert.Equal("1", server.GetTagItem("modelserving.version"));
        foreach (var name in new[] { "preprocess", "queue wait", "inference", "postprocess" })
        {
            var span = Assert.Single(trace, s => s.OperationName == name);
            Assert.Equal(server.SpanId, span.ParentSpanId);
        }

        Assert.Equal("loans", Assert.Single(trace, s => s.OperationName == "inference").GetTagItem("modelserving.model"));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
