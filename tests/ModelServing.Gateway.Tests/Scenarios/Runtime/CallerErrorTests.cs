using ModelServing.Gateway.Tests.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Runtime;

/// <summary>
/// A caller's values that ONNX Runtime refuses, or a request with no instances, are that caller's 400: never a 500 with
/// the graph's names, never counted by the circuit breaker, and never the other callers' problem, batched with them or not.
/// </summary>
/// <remarks>Decided by counts, not timing: every request's answer is checked, and so is the breaker's state after them all.</remarks>
public sealed class CallerErrorTests
{
    // Breaks after 4 executions of which half failed; batches of up to 8 wait 20 ms to fill, so concurrent requests share them.
    private const string Config = """{"circuitBreaker": {"minimumThroughput": 4, "failureRatio": 0.5, "breakDurationMilliseconds": 20000}, "batching": {"maxBatchSize": 8, "maxQueueDelayMicroseconds": 20000}}""";
    private const string BreakerClosed = "modelserving_circuit_breaker_state{otel_scope_name=\"ModelServing.Gateway\",model=\"lookup\",version=\"1\"} 0";
    private static readonly float[] s_table = [10f, 20f, 30f, 40f];

    [Fact]
    public async Task Predict_SevenRefusedRequestsPerRoundAmongValidOnes_OnlyTheyGet400AndTheBreakerNeverOpens()
    {
        using var repository = new TestRepository().WithLookup().WithConfig("lookup", Config);
        await using var host = await GatewayHost.StartAsync(repository.Root);

        // Ten rounds of 7 refused and 7 valid requests at once, through TF Serving's and the v2 routes.
        var bad = new List<(int Status, string Error)>();
        var good = new List<(int Status, float Value, float Expected)>();
        for (var round = 0; round < 10; round++)
        {
            var refused = Enumerable.Range(0, 7).Select(i => i % 2 == 0
                ? host.PostJsonAsync("/v1/models/lookup:predict", $$"""{"instances":[{{9 + i}}]}""")
                : host.PostJsonAsync("/v2/models/lookup/infer", $$"""{"inputs":[{"name":"index","shape":[1],"datatype":"INT64","data":[-{{5 + i}}]}]}""")).ToArray();
            var valid = Enumerable.Range(0, 7).Select(async i =>
            {
                var (status, body) = await host.PostJsonAsync("/v1/models/lookup:predict", $$"""{"instances":[{{i % 4}}]}""");
                return (status, status == 200 ? body!["predictions"]![0]!.GetValue<float>() : float.NaN, s_table[i % 4]);
            }).ToArray();
            var answers = await Task.WhenAll(refused);
            bad.AddRange(answers.Select(a => (a.Status, a.Body?["error"]?.GetValue<string>() ?? string.Empty)));
            good.AddRange(await Task.WhenAll(valid));
        }

        var metrics = await MetricsEndpointTests.ScrapeAsync(host);

        Assert.Equal(70, bad.Count(b => b.Status == 400));
        Assert.All(bad, b =>
        {
            Assert.StartsWith("Model lookup version 1 cannot run on the given input values", b.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Gather", b.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("node", b.Error, StringComparison.OrdinalIgnoreCase);
        });
        Assert.All(good, g => Assert.Equal((200, g.Expected), (g.Status, g.Value)));
        Assert.Contains(BreakerClosed, metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/models/loans/infer", """{"inputs":[{"name":"income","shape":[0],"datatype":"FP32","data":[]},{"name":"credit_cards","shape":[0],"datatype":"FP32","data":[]},{"name":"age","shape":[0],"datatype":"FP32","data":[]}]}""")]
    [InlineData("/v1/models/loans:predict", """{"inputs":{"income":[],"credit_cards":[],"age":[]}}""")]
    public async Task Predict_NumericRequestWithNoInstances_400NamingTheInput(string path, string body)
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var (status, answer) = await host.PostJsonAsync(path, body);

        Assert.Equal(400, status);
        Assert.Contains("'income' has no instances", answer!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text-orientation")]
    [InlineData("text-detection")]
    public async Task Infer_ImageRequestWithNoImages_400NamingTheInput_EveryTime(string model)
    {
        using var repository = new TestRepository().WithExampleImageModels();
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var path = $"/v2/models/{model}/infer";
        const string Empty = """{"inputs":[{"name":"image","shape":[0],"datatype":"BYTES","data":[]}]}""";

        // More than enough to open a default breaker (10 executions, half failed) if they counted.
        var answers = new List<(int Status, string Error)>();
        for (var i = 0; i < 15; i++)
        {
            var (status, body) = await host.PostJsonAsync(path, Empty);
            answers.Add((status, body!["error"]!.GetValue<string>()));
        }

        Assert.All(answers, a => Assert.Equal((400, "Input 'image' has no instances (shape [0]); a request needs at least one"), a));
        Assert.Contains(
            $"modelserving_circuit_breaker_state{{otel_scope_name=\"ModelServing.Gateway\",model=\"{model}\",version=\"1\"}} 0",
            await MetricsEndpointTests.ScrapeAsync(host),
            StringComparison.Ordinal);
    }
}
