using System.Diagnostics;
using System.Globalization;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>SIGTERM to a real gateway process under 16-way keep-alive load, counted on raw connections (nothing is resent).</summary>
[Collection(ProcessLoadCollection.Name)]
public sealed class DrainUnderLoadTests
{
    private const string Predict = """{"instances":[{"income":50000,"credit_cards":2,"age":40}]}""";

    [Fact]
    public async Task SigtermUnderLoad_WithDrainDelay_LosesNoRequestAndEveryDrainResponseClosesItsConnection()
    {
        var (outcomes, sigterm, refused) = await RunAsync(drainDelaySeconds: 2, thinkMilliseconds: 0);

        AssertNoneFailed(outcomes);
        Assert.Contains(outcomes, o => o.AnsweredAt < sigterm);

        // The listener kept accepting through the drain (each of these went on a new connection), and every answer then told
        // the client not to reuse its connection.
        var duringDrain = outcomes.Where(o => o.SentAt > sigterm + TimeSpan.FromMilliseconds(500)).ToList();
        Assert.True(duringDrain.Count >= 16, $"only {duringDrain.Count} requests were answered during the drain");
        var kept = duringDrain.Where(o => !o.Close).ToList();
        Assert.True(kept.Count == 0, $"{kept.Count} of {duringDrain.Count} drain responses lacked Connection: close: {string.Join("; ", kept.Take(5))}");
        Assert.True(refused > 0, "the listener never closed");
    }

    [Fact]
    public async Task SigtermUnderLoad_WithoutDrainDelay_LosesNoRequest()
    {
        // Clients that pause a few milliseconds between requests leave their connections idle when the listener closes.
        var (outcomes, sigterm, refused) = await RunAsync(drainDelaySeconds: 0, thinkMilliseconds: 10);

        AssertNoneFailed(outcomes);
        Assert.Contains(outcomes, o => o.AnsweredAt < sigterm);
        Assert.True(refused > 0, "the listener never closed");
    }

    /// <summary>Loads a gateway with 16 workers, sends SIGTERM after 1 s and keeps loading until its listener refuses connections.</summary>
    private static async Task<(List<RawOutcome> Outcomes, TimeSpan Sigterm, int Refused)> RunAsync(int drainDelaySeconds, int thinkMilliseconds)
    {
        using var repository = new TestRepository().WithLoans();
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start(
            port,
            new Dictionary<string, string>
            {
                ["MODELSERVING_DRAIN_DELAY_SECONDS"] = drainDelaySeconds.ToString(CultureInfo.InvariantCulture),
                ["MODELSERVING_SHUTDOWN_TIMEOUT_SECONDS"] = "10",
            },
            "--urls", "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--grpc-port", "0", "--model-repository", repository.Root,
            "--Logging:LogLevel:Default", "Warning");
        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var (load, running) = RawLoad.Start(port, RawHttpConnection.Post("/v1/models/loans:predict", Predict), 16, clock, stopWhenRefused: true, stop.Token, thinkMilliseconds);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var sigterm = clock.Elapsed;
        gateway.Terminate();
        Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)), gateway.Output);

        // Workers end at their first refused connection; one that connected while new connections were being dropped is
        // refused when its SYN is sent again (1 s later).
        if (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(15))) != running)
        {
            await stop.CancelAsync();
        }

        await running;
        Assert.Equal(0, gateway.ExitCode);
        return ([.. load.Outcomes.OrderBy(o => o.SentAt)], sigterm, load.Refused);
    }

    private static void AssertNoneFailed(List<RawOutcome> outcomes)
    {
        var failed = outcomes.Where(o => !o.Succeeded).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {outcomes.Count} requests failed: {string.Join("; ", failed.Take(10))}");
    }
}
