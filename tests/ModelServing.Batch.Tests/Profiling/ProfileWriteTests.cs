using Microsoft.Extensions.DependencyInjection;
using ModelServing.Batch.Tests.TestSupport;
using ModelServing.Core.Repository;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Profiling;

public sealed class ProfileWriteTests
{
    [Fact]
    public async Task ProfileWrite_RunningGateway_ReloadsTheRecommendedConfigKeepingOtherFields()
    {
        using var scratch = new ScratchDirectory();
        ProfileCli.CopyModel("loans", scratch.Path);
        var configPath = Path.Combine(scratch.Path, "loans", "config.json");
        var before = await File.ReadAllTextAsync(configPath);
        await using var gateway = await GatewayHost.StartAsync(scratch.Path, "--ModelRepository:PollInterval", "00:00:00.2", "--ModelRepository:SettleTime", "00:00:00.5");
        var manager = gateway.Services.GetRequiredService<ModelManager>();
        var loaded = manager.Snapshot.Models["loans"].Config;

        var (code, report, error) = await ProfileCli.RunJsonAsync("--model-repository", scratch.Path, "--model", "loans", "--target", "max-throughput", "--budget", "10s", "--write");

        Assert.True(code == 0, error);
        if ((bool)report!["recommendation"]!["currentConfigIsBest"]!)
        {
            // Measured through the gateway, nothing beat today's config: the file is left as it was.
            Assert.Null(report["written"]);
            Assert.Equal(before, await File.ReadAllTextAsync(configPath));
            Assert.Contains("current config is already best", error, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(configPath, (string)report["written"]!);
        var batching = report["recommendation"]!["config"]!["batching"]!;
        var after = await File.ReadAllTextAsync(configPath);
        // Everything before the appended sections is the file as it was, byte for byte.
        Assert.StartsWith(before.TrimEnd()[..^1].TrimEnd(), after, StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (manager.Snapshot.Models["loans"].Config.Fingerprint == loaded.Fingerprint && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var reloaded = manager.Snapshot.Models["loans"].Config;
        Assert.NotEqual(loaded.Fingerprint, reloaded.Fingerprint);
        Assert.Equal((int)batching["maxBatchSize"]!, reloaded.Batching.MaxBatchSize);
        Assert.Equal((int)batching["maxConcurrentExecutions"]!, reloaded.Batching.MaxConcurrentExecutions);
        Assert.Equal(TimeSpan.FromMicroseconds((long)batching["maxQueueDelayMicroseconds"]!), reloaded.Batching.MaxQueueDelay);
        Assert.Equal(loaded.Description, reloaded.Description);
        Assert.Equal(1, reloaded.VersionLabels["stable"]);
        var (status, _) = await gateway.PostJsonAsync("/v1/models/loans:predict", "{\"instances\":[{\"income\":2000,\"credit_cards\":2,\"age\":45}]}");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task ProfileWrite_TargetNotMet_LeavesConfigUnchanged()
    {
        using var scratch = new ScratchDirectory();
        ProfileCli.CopyModel("loans", scratch.Path);
        var configPath = Path.Combine(scratch.Path, "loans", "config.json");
        var before = await File.ReadAllBytesAsync(configPath);

        var (code, report, error) = await ProfileCli.RunJsonAsync("--model-repository", scratch.Path, "--model", "loans", "--target-p99", "1us", "--budget", "5s", "--write");

        Assert.Equal(1, code);
        Assert.Contains("no configuration met the target", error, StringComparison.Ordinal);
        Assert.Null(report!["recommendation"]);
        Assert.Equal(before, await File.ReadAllBytesAsync(configPath));
    }
}
