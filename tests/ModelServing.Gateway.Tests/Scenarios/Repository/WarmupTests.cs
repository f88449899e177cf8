using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

public sealed class WarmupTests
{
    [Fact]
    public async Task Warmup_SyntheticBatchesAndRequestFile_VersionBecomesAvailable()
    {
        using var repository = new TestRepository().WithAdders(1)
            .WithConfig("adder", """{"warmup": {"batchSizes": [1, 8], "requests": ["warmup/request.json"], "iterations": 2}}""");
        File.WriteAllText(Path.Combine(repository.Root, "adder", "warmup", "request.json"), """{"instances": [[1, 2, 3]]}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var (status, body) = await host.GetJsonAsync("/v1/models/adder");

        Assert.Equal(200, status);
        Assert.Equal("AVAILABLE", body!["model_version_status"]![0]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Warmup_RequestThatDoesNotFit_FailsTheVersionWithTheReason()
    {
        using var repository = new TestRepository().WithAdders(1)
            .WithConfig("adder", """{"warmup": {"requests": ["warmup/bad.json"]}}""");
        File.WriteAllText(Path.Combine(repository.Root, "adder", "warmup", "bad.json"), """{"instances": [[1, 2]]}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var (_, body) = await host.GetJsonAsync("/v1/models/adder");

        var version = body!["model_version_status"]![0]!;
        Assert.Equal("END", version["state"]!.GetValue<string>());
        Assert.StartsWith("Warm-up failed on the request file 'bad.json': ", version["status"]!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warmup_MissingRequestFile_IsAConfigErrorNamingIt()
    {
        using var repository = new TestRepository().WithAdders(1)
            .WithConfig("adder", """{"warmup": {"requests": ["warmup/none.json"], "batchSizes": [0]}}""");
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var (_, body) = await host.GetJsonAsync("/v1/models/adder");

        var message = body!["model_version_status"]![0]!["status"]!["error_message"]!.GetValue<string>();
        Assert.Contains("adder/config.json: warmup.requests[0]: file 'warmup/none.json' does not exist in the model directory", message, StringComparison.Ordinal);
        Assert.Contains("adder/config.json: warmup.batchSizes[0]: must be between 1 and 4096", message, StringComparison.Ordinal);
    }
}
