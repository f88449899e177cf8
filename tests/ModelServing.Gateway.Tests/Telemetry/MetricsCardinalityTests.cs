using System.Net.Http.Headers;
using System.Text;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Telemetry;

/// <summary>
/// Metric labels come only from served models: callers without a key, or naming models that are not served, cannot add
/// series to <c>/metrics</c> however many distinct names they send.
/// </summary>
public sealed class MetricsCardinalityTests
{
    private const string Key = "cardinality-test-key-0123456789";
    private const string LoansRow = """{"instances":[{"income":5000,"credit_cards":2,"age":40}]}""";

    // The meters whose series the gateway's requests make; runtime and HttpClient series change for other reasons.
    private static readonly string[] s_requestMeters = ["modelserving_", "http_server_", "kestrel_", "aspnetcore_"];

    // The core meter (batch sizes, run and queue times) is one per process, so other tests' hosts add to its series; it is
    // labelled by the versions that ran, never by request input.
    private const string ProcessWideMeter = "otel_scope_name=\"ModelServing\",";

    [Fact]
    public async Task Metrics_KeylessAndUnknownModelRequestsWithDistinctLongNames_AddNoSeries()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root, "--Security:ApiKeys", Key);
        await SendHostileAsync(host, 0); // the first of each kind adds its route and status code once
        await ScrapeAsync(host); // and so does the first scrape
        var before = await ScrapeAsync(host);

        for (var i = 1; i <= 40; i++)
        {
            await SendHostileAsync(host, i);
        }

        var after = await ScrapeAsync(host);

        var added = Series(after).Except(Series(before)).ToList();
        var gone = Series(before).Except(Series(after)).ToList();
        Assert.True(added.Count == 0 && gone.Count == 0, $"added: {string.Join('\n', added.Select(Cut))}\ngone: {string.Join('\n', gone.Select(Cut))}");
        Assert.DoesNotContain("name-", after, StringComparison.Ordinal);
        Assert.Contains(Series(after), s => s.StartsWith("modelserving_requests_total{", StringComparison.Ordinal)
            && s.Contains("code=\"401\"", StringComparison.Ordinal) && !s.Contains("model=", StringComparison.Ordinal));
        Assert.Contains(Series(after), s => s.StartsWith("modelserving_requests_total{", StringComparison.Ordinal)
            && s.Contains("code=\"200\"", StringComparison.Ordinal) && s.Contains("model=\"loans\"", StringComparison.Ordinal));
    }

    /// <summary>Requests with a name of about 1,000 characters that differs each round; <paramref name="round"/> 0 also predicts once.</summary>
    private static async Task SendHostileAsync(GatewayHost host, int round)
    {
        var name = $"name-{round}-{new string('x', 1000)}";
        (string Method, string Path, bool WithKey, int Expected)[] requests =
        [
            ("POST", $"/v1/models/{name}:predict", false, 401),
            ("GET", $"/v1/models/{name}", false, 401),
            ("POST", $"/v2/models/{name}/infer", false, 401),
            ("POST", $"/score/{name}", false, 401),
            ("POST", "/v1/models/loans:predict", false, 401),
            ("POST", $"/v1/models/{name}:predict", true, 404),
            ("GET", $"/v2/models/{name}", true, 404),
            ("GET", $"/v1/models/{name}/metadata", true, 404),
            ("POST", $"/v1/models/loans/versions/{9000 + round}:predict", true, 404),
            ("GET", $"/{name}", true, 404),
        ];
        if (round == 0)
        {
            requests = [.. requests, ("POST", "/v1/models/loans:predict", true, 200)];
        }

        foreach (var (method, path, withKey, expected) in requests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = new StringContent(LoansRow, Encoding.UTF8, "application/json");
            }

            if (withKey)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            }

            using var response = await host.Client.SendAsync(request);
            Assert.True(expected == (int)response.StatusCode, $"{method} {path[..Math.Min(path.Length, 40)]}: {(int)response.StatusCode}");
        }
    }

    private static string Cut(string series) => series.Length > 300 ? series[..300] + "..." : series;

    private static async Task<string> ScrapeAsync(GatewayHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("x-api-key", Key);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The series of the request meters: each sample line without its value (and timestamp), sorted.</summary>
    private static List<string> Series(string text) =>
        [.. text.Split('\n')
            .Where(line => s_requestMeters.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal))
                && !line.Contains(ProcessWideMeter, StringComparison.Ordinal))
            .Select(line => line.Contains('}', StringComparison.Ordinal) ? line[..(line.LastIndexOf('}') + 1)] : line.Split(' ')[0])
            .Order(StringComparer.Ordinal)];
}
