using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using ModelServing.Gateway.Tests.TestSupport;
using Xunit.Abstractions;

namespace ModelServing.Gateway.Tests.Http;

/// <summary>About three times the measured capacity for 30 s on loopback, into a detector with a two-place queue: the excess
/// is turned away quickly with 429/503, and every accepted request succeeds.</summary>
/// <remarks>The one load test of the suite (30 s, bounded in count by the measured rate).</remarks>
public sealed class OverloadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_duration = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ThreeTimesCapacity_ExcessGetsFast429Or503_AcceptedRequestsSucceed()
    {
        using var repository = new TestRepository().WithExampleImageModels();
        var configPath = Path.Combine(repository.Root, "text-detection", "config.json");
        var config = File.ReadAllText(configPath).TrimEnd().TrimEnd('}');
        File.WriteAllText(configPath, config + """
            ,"batching": {"maxBatchSize": 1, "maxConcurrentExecutions": 1, "maxQueueSize": 2},
            "runtime": {"intraOpThreads": 1}}
            """);
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var page = TextImages.Page(640, 480, [(40, 60, "overload keeps the detector busy")]);
        var body = $$"""{"instances":[{"b64":"{{Convert.ToBase64String(page)}}"}]}""";

        // Capacity: after two warm-up requests, two clients back to back for 3 s (one runs while the other waits in the queue).
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(200, (await SendAsync(host.Client, body)).Status);
        }

        var measure = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            var count = 0;
            while (measure.Elapsed < TimeSpan.FromSeconds(3))
            {
                Assert.Equal(200, (await SendAsync(host.Client, body)).Status);
                count++;
            }

            return count;
        }));
        var served = counts.Sum();

        var capacity = served / measure.Elapsed.TotalSeconds;
        var rate = Math.Clamp(3 * capacity, 3, 300);
        var total = (int)(rate * s_duration.TotalSeconds);

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 })
        {
            BaseAddress = host.Client.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var sends = new List<Task<(int Status, double Ms)>>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            sends.Add(SendAsync(client, body));
        }

        var results = await Task.WhenAll(sends);
        var accepted = results.Where(r => r.Status == 200).ToList();
        var rejected = results.Where(r => r.Status is 429 or 503).OrderBy(r => r.Ms).ToList();
        var other = results.Where(r => r.Status is not (200 or 429 or 503)).ToList();
        var p95Rejected = rejected.Count == 0 ? 0 : rejected[(int)(0.95 * (rejected.Count - 1))].Ms;
        var summary = $"capacity {capacity:F1}/s, offered {rate:F1}/s x {s_duration.TotalSeconds} s = {total}: {accepted.Count} accepted, {rejected.Count} rejected (p95 {p95Rejected:F0} ms), other {string.Join(',', other.Select(o => o.Status))}";

        output.WriteLine(summary);
        Assert.Empty(other);
        Assert.True(accepted.Count >= capacity * s_duration.TotalSeconds * 0.3, summary);
        Assert.True(rejected.Count >= total / 3, summary);
        // "Quickly" relative to the work itself, not a wall-clock figure: a rejection never waits for the model, so 95 % of
        // them come back faster than the typical accepted request (which queues behind up to two runs of the detector).
        var medianAccepted = accepted.Select(r => r.Ms).Order().ElementAt(accepted.Count / 2);
        Assert.True(p95Rejected < medianAccepted, $"{summary}; accepted p50 {medianAccepted:F0} ms");
    }

    private static async Task<(int Status, double Ms)> SendAsync(HttpClient client, string body)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/text-detection:predict")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        try
        {
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return ((int)response.StatusCode, watch.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return (0, watch.Elapsed.TotalMilliseconds);
        }
    }
}
