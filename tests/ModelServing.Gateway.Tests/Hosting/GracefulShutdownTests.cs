using System.Diagnostics;
using System.Text;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>SIGTERM to a real gateway process under load: readiness turns 503 first, every in-flight request finishes.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task SigtermUnderLoad_ReadinessTurns503_AndNoInFlightRequestFails()
    {
        // A 1.5 s queue delay with batches of up to 64 keeps each request in flight for about that long.
        using var repository = new TestRepository().WithLoans()
            .WithConfig("loans", """{"batching": {"maxBatchSize": 64, "maxQueueDelayMicroseconds": 1500000}}""");
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start(
            port,
            new Dictionary<string, string> { ["MODELSERVING_DRAIN_DELAY_SECONDS"] = "1", ["MODELSERVING_SHUTDOWN_TIMEOUT_SECONDS"] = "20" },
            "--grpc-port", "0", "--model-repository", repository.Root, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);

        using var client = new HttpClient { BaseAddress = gateway.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var results = new List<Task<int>>();
        for (var i = 0; i < 24; i++)
        {
            results.Add(PredictAsync(client));
            await Task.Delay(25);
        }

        var readiness = new List<(long Ms, int Status)>();
        var clock = Stopwatch.StartNew();
        gateway.Terminate();
        while (!gateway.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var probe = new HttpClient { BaseAddress = gateway.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
                using var response = await probe.GetAsync("/readyz");
                readiness.Add((clock.ElapsedMilliseconds, (int)response.StatusCode));
            }
            catch (HttpRequestException)
            {
                readiness.Add((clock.ElapsedMilliseconds, 0));
            }
            catch (TaskCanceledException)
            {
                readiness.Add((clock.ElapsedMilliseconds, -1));
            }

            await Task.Delay(50);
        }

        var statuses = await Task.WhenAll(results);
        Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the gateway did not exit");
        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Contains(readiness, r => r.Status == 503);
        var first503 = readiness.FindIndex(r => r.Status == 503);
        Assert.DoesNotContain(readiness.Skip(first503), r => r.Status == 200);
        Assert.All(statuses, s => Assert.True(s == 200));
        Assert.Equal(0, gateway.ExitCode);
        Assert.Contains("Shutting down", gateway.Output, StringComparison.Ordinal);
    }

    private static async Task<int> PredictAsync(HttpClient client)
    {
        using var content = new StringContent("""{"instances":[{"income":50000,"credit_cards":2,"age":40}]}""", Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.PostAsync("/v1/models/loans:predict", content);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
