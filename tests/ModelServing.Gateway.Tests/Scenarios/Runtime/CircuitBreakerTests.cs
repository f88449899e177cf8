using System.Text;
using System.Text.RegularExpressions;
using ModelServing.Gateway.Tests.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Runtime;

/// <summary>A real model whose ONNX Runtime run fails for some input values (Gather out of bounds) trips its version's breaker.</summary>
/// <remarks>
/// End to end on the real clock; the exact timing rules are ExecutionGuardTests' on a fake one. The break is long enough
/// that the requests which must see the breaker open do so on a busy machine; the tests wait for its end without a bound
/// on how long that takes.
/// </remarks>
public sealed class CircuitBreakerTests
{
    private const string Good = """{"instances":[1]}""";
    private const string Failing = """{"instances":[9]}""";
    private const string Breaker = """{"circuitBreaker": {"minimumThroughput": 4, "failureRatio": 0.5, "breakDurationMilliseconds": 4000}}""";

    [Fact]
    public async Task RepeatedRuntimeFailures_OpenTheBreaker_503WithRetryAfter_ThenHalfOpenLetsARunThroughAndCloses()
    {
        using var repository = new TestRepository().WithLookup().WithConfig("lookup", Breaker).WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root);
        Assert.Equal(200, (await host.PostJsonAsync("/v1/models/lookup:predict", Good)).Status);

        // With the good run, three failures make four executions, three quarters of them failed: the breaker opens.
        var failures = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add((await host.PostJsonAsync("/v1/models/lookup:predict", Failing)).Status);
        }

        using var open = await PostAsync(host, "/v1/models/lookup:predict", Good);
        var openBody = await GatewayHost.ReadJsonAsync(open);
        var (v2Status, v2Body) = await host.PostJsonAsync(
            "/v2/models/lookup/infer", """{"inputs":[{"name":"index","shape":[1],"datatype":"INT64","data":[1]}]}""");
        var (otherStatus, _) = await host.PostJsonAsync("/v1/models/adder:predict", """{"instances":[[1,2,3]]}""");
        var openMetrics = await MetricsEndpointTests.ScrapeAsync(host);

        Assert.Equal([500, 500, 500], failures);
        Assert.Equal(503, (int)open.StatusCode);
        var retryAfter = open.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter.TotalSeconds, 1, 4);
        Assert.Matches(new Regex("""^Model lookup version 1 is failing repeatedly and is resting; retry in [1-4] s\.$"""), openBody!["error"]!.GetValue<string>());
        Assert.Equal(503, v2Status);
        Assert.StartsWith("Model lookup version 1 is failing repeatedly", v2Body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, otherStatus);
        Assert.Contains("modelserving_circuit_breaker_state{otel_scope_name=\"ModelServing.Gateway\",model=\"lookup\",version=\"1\"} 2", openMetrics);

        // After the break, the first execution is the half-open trial; it succeeds and closes the breaker.
        var status = 503;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (status == 503 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            status = (await host.PostJsonAsync("/v1/models/lookup:predict", Good)).Status;
        }

        Assert.Equal(200, status);
        Assert.Equal(200, (await host.PostJsonAsync("/v1/models/lookup:predict", Good)).Status);
        Assert.Contains("modelserving_circuit_breaker_state{otel_scope_name=\"ModelServing.Gateway\",model=\"lookup\",version=\"1\"} 0", await MetricsEndpointTests.ScrapeAsync(host));
    }

    [Fact]
    public async Task HalfOpenTrialThatFailsAgain_ReopensTheBreaker()
    {
        using var repository = new TestRepository().WithLookup().WithConfig("lookup", Breaker);
        await using var host = await GatewayHost.StartAsync(repository.Root);
        for (var i = 0; i < 4; i++)
        {
            await host.PostJsonAsync("/v1/models/lookup:predict", Failing);
        }

        var status = 503;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (status == 503 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            status = (await host.PostJsonAsync("/v1/models/lookup:predict", Failing)).Status;
        }

        var (after, body) = await host.PostJsonAsync("/v1/models/lookup:predict", Good);

        Assert.Equal(500, status);
        Assert.Equal(503, after);
        Assert.Contains("is failing repeatedly", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidInput_NeverCountsTowardsTheBreaker()
    {
        using var repository = new TestRepository().WithLookup().WithConfig("lookup", Breaker);
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var statuses = new List<int>();
        foreach (var bad in new[] { """{"instances":["one"]}""", """{"instances":[[1,2]]}""", """{"instances":[1.5]}""", """{"inputs":{"nope":[1]}}""" })
        {
            for (var i = 0; i < 5; i++)
            {
                statuses.Add((await host.PostJsonAsync("/v1/models/lookup:predict", bad)).Status);
            }
        }

        var (goodStatus, goodBody) = await host.PostJsonAsync("/v1/models/lookup:predict", Good);

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
