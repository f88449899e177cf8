using System.Globalization;
using System.Text.RegularExpressions;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Telemetry;

public sealed class MetricsEndpointTests
{
    private const string LoansRow = """{"instances":[{"income":5000,"credit_cards":2,"age":40}]}""";

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/monitoring/prometheus/metrics")]
    public async Task Metrics_AfterPredicts_CountsRequestsByModelVersionRouteAndCode(string path)
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var before = RequestCount(await ScrapeAsync(host, path), "200");

        for (var i = 0; i < 3; i++)
        {
            var (status, _) = await host.PostJsonAsync("/v1/models/loans:predict", LoansRow);
            Assert.Equal(200, status);
        }

        var (badStatus, _) = await host.PostJsonAsync("/v1/models/loans:predict", """{"instances":[{"income":"x"}]}""");
        var text = await ScrapeAsync(host, path);

        Assert.Equal(400, badStatus);
        Assert.True(RequestCount(text, "200") - before >= 3, text);
        Assert.True(RequestCount(text, "400") >= 1, text);
        Assert.Contains("# TYPE modelserving_request_duration_seconds histogram", text);
        Assert.Matches(new Regex("""modelserving_request_duration_seconds_bucket\{[^}]*le="\+Inf"\} \d+"""), text);
        Assert.Matches(new Regex("""modelserving_inference_duration_seconds_count\{otel_scope_name="ModelServing",model="loans",version="1"\} [1-9]"""), text);
        Assert.Matches(new Regex("""modelserving_batch_size_bucket\{otel_scope_name="ModelServing",model="loans",version="1",le="1"\} [1-9]"""), text);
        Assert.Contains("modelserving_model_version_info{otel_scope_name=\"ModelServing.Gateway\",model=\"loans\",provider=\"cpu\",state=\"AVAILABLE\",version=\"1\"} 1", text);
        Assert.Matches(new Regex("""modelserving_queue_depth\{otel_scope_name="ModelServing.Gateway",model="loans",version="1"\} 0"""), text);
        Assert.Matches(new Regex("""modelserving_model_load_events_total\{otel_scope_name="ModelServing",model="loans",outcome="available",version="1"\} [1-9]"""), text);
    }

    [Theory]
    [InlineData("/v1/models/loans:predict", "/v1/models/{name}:predict", LoansRow)]
    [InlineData("/v1/models/loans/versions/1:predict", "/v1/models/{name}/versions/{version}:predict", LoansRow)]
    [InlineData("/v2/models/loans/infer", "/v2/models/{name}/infer",
        """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":[5000]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[2]},{"name":"age","shape":[1],"datatype":"FP32","data":[40]}]}""")]
    [InlineData("/score", "/score/", """{"data":[{"income":5000,"credit_cards":2,"age":40}]}""")]
    [InlineData("/score/loans", "/score/{name}", """{"data":[{"income":5000,"credit_cards":2,"age":40}]}""")]
    public async Task Metrics_EveryInferenceRoute_TagsTheServedModelAndVersion(string path, string route, string body)
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var (status, answer) = await host.PostJsonAsync(path, body);
        var text = await ScrapeAsync(host);

        Assert.True(status == 200, answer?.ToJsonString());
        var tagged = new Regex($$"""modelserving_requests_total\{otel_scope_name="ModelServing.Gateway",code="200",model="loans",route="{{Regex.Escape(route)}}",version="1"\} [1-9]""");
        Assert.True(tagged.IsMatch(text), string.Join('\n', text.Split('\n').Where(l => l.StartsWith("modelserving_requests_total", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Metrics_ContentType_IsPrometheusText004()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);

        using var response = await host.Client.GetAsync("/metrics");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Metrics_ScrapedRightAfterARequest_CountsIt()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);
        await host.PostJsonAsync("/v1/models/loans:predict", LoansRow); // warm: the next predict and scrape take milliseconds
        var before = RequestCount(await ScrapeAsync(host), "200");

        var (status, _) = await host.PostJsonAsync("/v1/models/loans:predict", LoansRow);
        var after = RequestCount(await ScrapeAsync(host), "200");

        Assert.Equal(200, status);
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task Metrics_TwoHostsInOneProcess_EachScrapesOnlyItsOwnRequests()
    {
        using var busyRepository = new TestRepository().WithLoans();
        using var idleRepository = new TestRepository().WithLoans();
        await using var busy = await GatewayHost.StartAsync(busyRepository.Root);
        await using var idle = await GatewayHost.StartAsync(idleRepository.Root);
        var serverDuration = new Regex("""http_server_request_duration_seconds_count\{[^}]*http_route="/v1/models/\{name\}:predict"[^}]*\} [1-9]""");

        for (var i = 0; i < 3; i++)
        {
            var (status, _) = await busy.PostJsonAsync("/v1/models/loans:predict", LoansRow);
            Assert.Equal(200, status);
        }

        var busyText = await ScrapeAsync(busy);
        var idleText = await ScrapeAsync(idle);

        Assert.True(RequestCount(busyText, "200") >= 3, busyText);
        Assert.Matches(serverDuration, busyText);
        Assert.Equal(0, RequestCount(idleText, "200"));
        Assert.DoesNotMatch(serverDuration, idleText);
        Assert.Contains("modelserving_model_version_info{", idleText);
    }

    [Fact]
    public async Task RequestId_Given_IsEchoed_Missing_IsGenerated()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);

        using var given = new HttpRequestMessage(HttpMethod.Get, "/v1/models/loans");
        given.Headers.Add("x-request-id", "abc-123");
        using var echoed = await host.Client.SendAsync(given);
        using var generated = await host.Client.GetAsync("/v1/models/loans");
        using var invalid = new HttpRequestMessage(HttpMethod.Get, "/v1/models/loans");
        invalid.Headers.TryAddWithoutValidation("x-request-id", new string('x', 200));
        using var replaced = await host.Client.SendAsync(invalid);

        Assert.Equal("abc-123", echoed.Headers.GetValues("x-request-id").Single());
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("x-request-id").Single());
        Assert.Matches("^[0-9a-f]{32}$", replaced.Headers.GetValues("x-request-id").Single());
    }

    internal static async Task<string> ScrapeAsync(GatewayHost host, string path = "/metrics")
    {
        using var response = await host.Client.GetAsync(path);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The loans predict counter for one status code (0 when absent; no version label when no version served).</summary>
    private static long RequestCount(string text, string code)
    {
        var match = Regex.Match(
            text,
            $$"""modelserving_requests_total\{otel_scope_name="ModelServing.Gateway",code="{{code}}",model="loans",route="/v1/models/\{name\}:predict"(,version="[^"]*")?\} (\d+)""");
        return match.Success ? long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
    }
}
