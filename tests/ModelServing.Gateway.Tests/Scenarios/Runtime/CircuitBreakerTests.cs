using System.Text;
using System.Text.RegularExpressions;
using ModelServing.Gateway.Tests.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Runtime;

/// <summary>
/// A real model whose runs pass its inference timeout on demand (x = 1024) trips its version's breaker; values ONNX
/// Runtime refuses (a Gather index out of range) never do.
/// </summary>
/// <remarks>
/// End to end on the real clock; the exact timing rules are ExecutionGuardTests' on a fake one. The break is long enough
/// that the requests which must see the breaker open do so on a busy machine; the tests wait for its end without a bound
/// on how long that takes. A half-open trial that fails again is ExecutionGuardTests' (fake clock) only: end to end, the
/// slow model's x = 1024 run answered 200 within a second under the full suite's load, twice, for a reason not yet found.
/// </remarks>
public sealed class CircuitBreakerTests
{
    private const string Good = """{"instances":[[1.0]]}""";
    private const string Failing = """{"instances":[[1024.0]]}""";
    private const string Breaker = """{"runtime": {"inferenceTimeoutMilliseconds": 300}, "circuitBreaker": {"minimumThroughput": 4, "failureRatio": 0.5, "breakDurationMilliseconds": 4000}}""";
    private const string LookupBreaker = """{"circuitBreaker": {"minimumThroughput": 4, "failureRatio": 0.5, "breakDurationMilliseconds": 4000}}""";

    [Fact]
    public async Task RepeatedRuntimeFailures_OpenTheBreaker_503WithRetryAfter_ThenHalfOpenLetsARunThroughAndCloses()
    {
        using var repository = new TestRepository().WithSlowWhenAsked("slow").WithConfig("slow", Breaker).WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root);
        Assert.Equal(200, (await host.PostJsonAsync("/v1/models/slow:predict", Good)).Status);

        // With the good run, three timeouts make four executions, three quarters of them failed: the breaker opens.
        var failures = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add((await host.PostJsonAsync("/v1/models/slow:predict", Failing)).Status);
        }

        using var open = await PostAsync(host, "/v1/models/slow:predict", Good);
        var openBody = await GatewayHost.ReadJsonAsync(open);
        var (v2Status, v2Body) = await host.PostJsonAsync(
            "/v2/models/slow/infer", """{"inputs":[{"name":"x","shape":[1,1],"datatype":"FP32","data":[1]}]}""");
        var (otherStatus, _) = await host.PostJsonAsync("/v1/models/adder:predict", """{"instances":[[1,2,3]]}""");
        var openMetrics = await MetricsEndpointTests.ScrapeAsync(host);

        Assert.Equal([504, 504, 504], failures);
        Assert.Equal(503, (int)open.StatusCode);
        var retryAfter = open.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter.TotalSeconds, 1, 4);
        Assert.Matches(new Regex("""^Model slow version 1 is failing repeatedly and is resting; retry in [1-4] s\.$"""), openBody!["error"]!.GetValue<string>());
        Assert.Equal(503, v2Status);
        Assert.StartsWith("Model slow version 1 is failing repeatedly", v2Body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, otherStatus);
        Assert.Contains("modelserving_circuit_breaker_state{otel_scope_name=\"ModelServing.Gateway\",model=\"slow\",version=\"1\"} 2", openMetrics);

        // After the break, the first execution is the half-open trial; it succeeds and closes the breaker.
        var status = 503;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (status == 503 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            status = (await host.PostJsonAsync("/v1/models/slow:predict", Good)).Status;
        }

        Assert.Equal(200, status);
        Assert.Equal(200, (await host.PostJsonAsync("/v1/models/slow:predict", Good)).Status);
        Assert.Contains("modelserving_circuit_breaker_state{otel_scope_name=\"ModelServing.Gateway\",model=\"slow\",version=\"1\"} 0", await MetricsEndpointTests.ScrapeAsync(host));
    }

    [Fact]
    public async Task InvalidInput_NeverCountsTowardsTheBreaker()
    {
        using var repository = new TestRepository().WithLookup().WithConfig("lookup", LookupBreaker);
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var statuses = new List<int>();
        foreach (var bad in new[] { """{"instances":["one"]}""", """{"instances":[[1,2]]}""", """{"instances":[1.5]}""", """{"inputs":{"nope":[1]}}""", """{"instances":[9]}""" })
        {
            for (var i = 0; i < 5; i++)
            {
                statuses.Add((await host.PostJsonAsync("/v1/models/lookup:predict", bad)).Status);
            }
        }

        var (goodStatus, goodBody) = await host.PostJsonAsync("/v1/models/lookup:predict", """{"instances":[1]}""");

        Assert.All(statuses, s => Assert.Equal(400, s));
        Assert.Equal(200, goodStatus);
        Assert.Equal(20.0, goodBody!["predictions"]![0]!.GetValue<double>());
        Assert.Contains("modelserving_circuit_breaker_state{otel_scope_name=\"ModelServing.Gateway\",model=\"lookup\",version=\"1\"} 0", await MetricsEndpointTests.ScrapeAsync(host));
    }

    private static async Task<HttpResponseMessage> PostAsync(GatewayHost host, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await host.Client.PostAsync(path, content);
    }
}
