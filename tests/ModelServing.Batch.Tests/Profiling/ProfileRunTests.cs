using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelServing.Batch.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Profiling;

public sealed class ProfileRunTests
{
    [Fact]
    public async Task Profile_LoansWithGeneratedRows_RecommendsWithinItsBudget()
    {
        var (code, report, error) = await ProfileCli.RunJsonAsync("--model-repository", TestPaths.Models, "--model", "loans", "--target-p99", "1s", "--budget", "15s");

        Assert.True(code == 0, error);
        Assert.NotNull(report);
        Assert.StartsWith("generated", (string)report["samples"]!, StringComparison.Ordinal);
        Assert.Contains((string)report["stoppedBy"]!, new[] { "completed", "budget" });
        // The budget is enforced before each trial and model load; what may pass it is one load and one request.
        Assert.True((double)report["elapsedSeconds"]! <= 15 + 10, $"took {report["elapsedSeconds"]} s");
        var trials = report["trials"]!.AsArray();
        Assert.NotEmpty(trials);
        Assert.All(trials.Where(t => (bool)t!["meetsTarget"]!), t => Assert.True((long)t!["requests"]! > 0));
        var recommendation = report["recommendation"]!;
        Assert.True((bool)recommendation["meetsTarget"]!);
        Assert.Equal(trials.Where(t => (bool)t!["meetsTarget"]!).Max(t => (double)t!["itemsPerSecond"]!), (double)report["inProcessRecommendation"]!["itemsPerSecond"]!);
        // A short budget may leave the gateway check no room; the report then says the figures are in process.
        Assert.Equal(report["gatewayCheck"]!["finalists"]!.AsArray().Count > 0 ? "gateway" : "in-process", (string)recommendation["measuredThrough"]!);
        Assert.True((double)recommendation["recommendedCpu"]! >= 0.25);
        Assert.True((double)recommendation["recommendedMemoryInGB"]! >= 0.1);
        Assert.EndsWith("Mi", (string)recommendation["kubernetes"]!["requests"]!["memory"]!, StringComparison.Ordinal);
        Assert.NotEmpty(report["paretoFront"]!.AsArray());
    }

    [Fact]
    public async Task Profile_LoansAtCallersConcurrency_ChecksEveryFinalistThroughTheGateway()
    {
        var (code, report, error) = await ProfileCli.RunJsonAsync(
            "--model-repository", TestPaths.Models, "--model", "loans", "--target-p99", "1s", "--budget", "40s", "--concurrency", "4,1");

        Assert.True(code == 0, error);
        Assert.NotNull(report);
        Assert.All(report["trials"]!.AsArray(), t => Assert.Contains((int)t!["concurrency"]!, new[] { 1, 4 }));
        Assert.True((double)report["elapsedSeconds"]! <= 40 + 10, $"took {report["elapsedSeconds"]} s");
        var check = report["gatewayCheck"]!;
        Assert.Equal([1, 4], check["concurrency"]!.AsArray().Select(c => (int)c!));
        var finalists = check["finalists"]!.AsArray().Select(f => f!).ToList();
        var baseline = Assert.Single(finalists, f => f["roles"]!.AsArray().Any(r => (string)r! == "baseline"));
        Assert.Equal(report["baseline"]!.ToJsonString(), baseline["config"]!.ToJsonString());
        var canonical = Assert.Single(finalists, f => f["roles"]!.AsArray().Any(r => (string)r! == "canonical"));
        Assert.Equal(32, (int)canonical["config"]!["batching"]!["maxBatchSize"]!);
        Assert.Equal(0, (int)canonical["config"]!["batching"]!["maxQueueDelayMicroseconds"]!);
        Assert.Equal(Environment.ProcessorCount, (int)canonical["config"]!["batching"]!["maxConcurrentExecutions"]!);
        Assert.Equal(1, (int)canonical["config"]!["runtime"]!["intraOpThreads"]!);
        Assert.Contains(finalists, f => f["roles"]!.AsArray().Any(r => (string)r! == "in-process #1"));
        Assert.All(finalists, f =>
        {
            Assert.Null((string?)f["failure"]);
            // Every finalist's first round covers every offered concurrency, with answers through HTTP.
            var first = f["rounds"]!.AsArray()[0]!.AsArray();
            Assert.Equal([1, 4], first.Select(p => (int)p!["concurrency"]!));
            Assert.All(first, p => Assert.True((long)p!["requests"]! > 0));
            Assert.Equal(2, f["gateway"]!.AsArray().Count);
        });
        var recommendation = report["recommendation"]!;
        Assert.Equal("gateway", (string)recommendation["measuredThrough"]!);
        var chosen = Assert.Single(finalists, f => f["config"]!.ToJsonString() == recommendation["config"]!.ToJsonString());
        Assert.Equal((double)chosen["best"]!["itemsPerSecond"]!, (double)recommendation["itemsPerSecond"]!);
        Assert.Equal(baseline == chosen, (bool)recommendation["currentConfigIsBest"]!);
    }

    [Fact]
    public async Task Profile_TextOrientationWithImages_RecommendsAConfigForEightImageRequests()
    {
        var (code, report, error) = await ProfileCli.RunJsonAsync(
            "--model-repository", TestPaths.Models, "--model", "text-orientation", "--target", "max-throughput", "--budget", "30s", "--concurrency", "1,4",
            "--samples", TestPaths.Sample("text-line.jpg"), TestPaths.Sample("text-line-180.jpg"), "--items-per-request", "8");

        Assert.True(code == 0, error);
        Assert.NotNull(report);
        var first = report["trials"]!.AsArray()[0]!;
        Assert.Equal(8 * (double)first["requestsPerSecond"]!, (double)first["itemsPerSecond"]!, 0.5);
        Assert.NotNull(report["recommendation"]);
        Assert.Equal(1, (int)report["baseline"]!["runtime"]!["intraOpThreads"]!);
        Assert.Contains("trial: ", error, StringComparison.Ordinal);
        // The gateway check posted the images as base64 JSON, 8 to a request.
        var gateway = report["gatewayCheck"]!["finalists"]!.AsArray().SelectMany(f => f!["gateway"]!.AsArray()).ToList();
        Assert.NotEmpty(gateway);
        Assert.All(gateway, p => Assert.Equal(8 * (double)p!["requestsPerSecond"]!, (double)p!["itemsPerSecond"]!, 0.5));
        Assert.Contains("gateway check, round 1: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_Sigint_StopsAndReportsTheTrialsItHas()
    {
        using var process = CliProcess.Start(
            ["profile", "--json", .. ProfileCli.ShortTrials, "--model-repository", TestPaths.Models, "--model", "loans", "--target", "max-throughput", "--budget", "5m"]);
        var output = process.StandardOutput.ReadToEndAsync();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync()) is not null && !line.StartsWith("trial: ", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var rest = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var report = JsonNode.Parse(await output)!;

        Assert.True(process.ExitCode == 130, await rest);
        Assert.Equal("cancelled", (string)report["stoppedBy"]!);
        Assert.NotEmpty(report["trials"]!.AsArray());
        Assert.NotNull(report["recommendation"]);
    }
}
