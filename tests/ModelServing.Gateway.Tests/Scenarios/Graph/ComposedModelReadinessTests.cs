using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Graph;

public sealed class ComposedModelReadinessTests
{
    private const string Graph = """
        { "graph": { "inputs": [{ "name": "x", "dtype": "float", "shape": [1] }],
          "steps": [{ "name": "call", "model": "slow", "inputs": { "x": "inputs.x" } }],
          "outputs": [{ "name": "y", "from": "call.y" }] } }
        """;

    [Fact]
    public async Task Status_CalledModelStillWarmingUp_GraphWaitsLoadingWithTheReasonThenBecomesAvailable()
    {
        using var repository = new TestRepository();
        await using var host = await GatewayHost.StartAsync(repository.Root, "--ModelRepository:PollInterval", "00:00:00.2", "--ModelRepository:SettleTime", "00:00:00.5");
        // Both models arrive in one scan, settled (old file times), the called one with a warm-up of seconds (a slow model).
        using var staging = new TestRepository().WithSlowModel("slow").WithConfig("slow", """{"warmup": {"batchSizes": [1]}}""").WithGraph("waits", Graph);
        foreach (var file in Directory.EnumerateFiles(staging.Root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
        }

        Directory.Move(Path.Combine(staging.Root, "waits"), Path.Combine(repository.Root, "waits"));
        Directory.Move(Path.Combine(staging.Root, "slow"), Path.Combine(repository.Root, "slow"));

        var seen = new List<(string State, string Message)>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && seen.LastOrDefault().State is not ("AVAILABLE" or "END"))
        {
            var (status, body) = await host.GetJsonAsync("/v1/models/waits");
            if (status == 200)
            {
                var version = body!["model_version_status"]![0]!;
                seen.Add((version["state"]!.GetValue<string>(), version["status"]!["error_message"]!.GetValue<string>()));
            }

            await Task.Delay(50);
        }

        Assert.Contains(seen, s => s.State == "LOADING" && s.Message == "waiting for the models it calls: 'slow' (version 1 is LOADING)");
        Assert.Equal("AVAILABLE", seen[^1].State);
        var (predict, answer) = await host.PostJsonAsync("/v1/models/waits:predict", """{"instances":[[1.0]]}""");
        Assert.Equal(200, predict);
        Assert.Single(answer!["predictions"]!.AsArray());
    }
}
