using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Batching;

/// <summary>Queue limits and deadlines as a client sees them, with a real detector keeping the only execution slot busy.</summary>
public sealed class QueuePolicyTests
{
    private static async Task<(GatewayHost Host, TestRepository Repository, string Page)> StartAsync(string batching)
    {
        var repository = new TestRepository().WithExampleImageModels();
        var config = File.ReadAllText(Path.Combine(repository.Root, "text-detection", "config.json"));
        File.WriteAllText(Path.Combine(repository.Root, "text-detection", "config.json"), config.TrimEnd().TrimEnd('}') + $",\"batching\": {batching}}}");
        var host = await GatewayHost.StartAsync(repository.Root);
        var page = TextImages.Page(1920, 1440, [(100, 100, "a slow page keeps the model busy")]);
        return (host, repository, $$"""{"instances":[{"b64":"{{Convert.ToBase64String(page)}}"}]}""");
    }

    private static async Task<HttpResponseMessage> PostAsync(GatewayHost host, string body, int? timeoutMs = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/text-detection:predict")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (timeoutMs is { } ms)
        {
            request.Headers.Add("X-Request-Timeout-Ms", ms.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return await host.Client.SendAsync(request);
    }

    [Fact]
    public async Task RequestWhoseDeadlinePassesInTheQueue_Gets504AndOthersSucceed()
    {
        var (host, repository, page) = await StartAsync("""{"maxBatchSize": 1, "maxConcurrentExecutions": 1}""");
        await using (host)
        using (repository)
        {
            var sixPages = $$"""{"instances":[{{string.Join(',', Enumerable.Repeat(page[(page.IndexOf('[', StringComparison.Ordinal) + 1)..page.LastIndexOf(']')], 6))}}]}""";
            var busy = PostAsync(host, sixPages);
            await WaitForQueuedAsync(host, 1);
            using var late = await PostAsync(host, page, timeoutMs: 5);
            using var first = await busy;

            Assert.Equal(200, (int)first.StatusCode);
            Assert.Equal(504, (int)late.StatusCode);
            Assert.Contains("deadline", (await GatewayHost.ReadJsonAsync(late))!["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task FullQueue_Gets429WithRetryAfter()
    {
        var (host, repository, page) = await StartAsync("""{"maxBatchSize": 1, "maxConcurrentExecutions": 1, "maxQueueSize": 1}""");
        await using (host)
        using (repository)
        {
            // Six pages in one request run as six one-row batches; the request holds its queue place until the last starts.
            var instance = page[(page.IndexOf('[', StringComparison.Ordinal) + 1)..page.LastIndexOf(']')];
            var sixPages = $$"""{"instances":[{{string.Join(',', Enumerable.Repeat(instance, 6))}}]}""";
            var running = PostAsync(host, sixPages);
            await WaitForQueuedAsync(host, 1);
            using var rejected = await PostAsync(host, page);
            using var first = await running;

            Assert.Equal(429, (int)rejected.StatusCode);
            Assert.Equal("1", rejected.Headers.GetValues("Retry-After").Single());
            Assert.Contains("queue is full", (await GatewayHost.ReadJsonAsync(rejected))!["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(200, (int)first.StatusCode);
        }
    }

    /// <summary>Waits until the detector's batcher holds <paramref name="depth"/> queued requests (preprocessing comes first).</summary>
    private static async Task WaitForQueuedAsync(GatewayHost host, int depth)
    {
        var manager = host.Services.GetRequiredService<ModelServing.Core.Repository.ModelManager>();
        using var lease = manager.Snapshot.Models["text-detection"].Versions[0].TryAcquire()!;
        for (var i = 0; i < 600 && lease.Scheduler.QueueDepth < depth; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(depth, lease.Scheduler.QueueDepth);
    }

    [Fact]
    public async Task InvalidTimeoutHeader_Returns400()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/adder:predict") { Content = new StringContent("""{"instances":[[1,2,3]]}""") };
        request.Headers.Add("X-Request-Timeout-Ms", "soon");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
    }
}
