using System.Diagnostics;
using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>A failed load is retried with backoff even when no scan sees a change (watching off here).</summary>
public sealed class LoadRetryTests
{
    private static async Task<(string State, string Error)> StatusAsync(GatewayHost host)
    {
        var (_, body) = await host.GetJsonAsync("/v1/models/adder/versions/1");
        var status = body?["model_version_status"]?[0];
        return (status?["state"]?.GetValue<string>() ?? "missing", status?["status"]?["error_message"]?.GetValue<string>() ?? string.Empty);
    }

    private static void RepairAdder(TestRepository repository)
    {
        // The fixed file lands by rename, backdated so it counts as settled.
        var staging = repository.ModelPath("adder", 1) + ".tmp";
        TestModels.WriteAddConstant(staging, 10);
        File.SetLastWriteTimeUtc(staging, DateTime.UtcNow.AddMinutes(-1));
        File.Move(staging, repository.ModelPath("adder", 1), overwrite: true);
    }

    [Fact]
    public async Task CorruptVersion_RepairedWithWatchingOff_RetryLoadsIt()
    {
        using var repository = new TestRepository().WithCorruptModel("adder", 1);
        await using var host = await GatewayHost.StartAsync(
            repository.Root,
            "--ModelRepository:PollInterval", "00:00:00",
            "--ModelRepository:SettleTime", "00:00:00.1",
            "--ModelRepository:RetryInitialDelay", "00:00:00.2",
            "--ModelRepository:RetryMaxDelay", "00:00:00.4",
            "--ModelRepository:RetryMaxAttempts", "100");
        var (state, error) = await StatusAsync(host);
        Assert.Equal("END", state);
        Assert.NotEmpty(error);
        Assert.DoesNotContain(repository.Root, error, StringComparison.Ordinal);

        RepairAdder(repository);
        var clock = Stopwatch.StartNew();
        while ((await StatusAsync(host)).State != "AVAILABLE")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the retry never loaded the repaired version");
            await Task.Delay(50);
        }

        var (status, body) = await host.PostJsonAsync("/v1/models/adder:predict", """{"instances":[[1,1,1]]}""");
        Assert.Equal(200, status);
        Assert.Equal(11.0, body!["predictions"]![0]![0]!.GetValue<double>());
    }

    [Fact]
    public async Task CorruptVersion_RetriesOff_RepairIsNotPickedUpWithoutAScan()
    {
        using var repository = new TestRepository().WithCorruptModel("adder", 1);
        await using var host = await GatewayHost.StartAsync(
            repository.Root, "--ModelRepository:PollInterval", "00:00:00", "--ModelRepository:RetryMaxAttempts", "0");
        Assert.Equal("END", (await StatusAsync(host)).State);

        RepairAdder(repository);
        await Task.Delay(1000);
        Assert.Equal("END", (await StatusAsync(host)).State);
    }
}
