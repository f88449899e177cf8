using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>The store dies in the middle of a download (a proxy that cuts every large response): no partial version is ever
/// served, the old one keeps answering, the status says why, and once the store is whole again the version arrives.</summary>
public sealed class RemoteRepositoryFaultTests
{
    [Fact]
    public async Task S3Repository_StoreDiesMidDownload_NoPartialVersionThenRetrySucceeds()
    {
        await using var remote = await S3Repository.StartAsync();
        await using var proxy = new CuttingProxy(remote.Server.Port);
        using var local = new TestRepository().WithAdders(1, 2);
        var big = Path.Combine(local.Root, "extra.bin");
        File.WriteAllBytes(big, RandomNumberGenerator.GetBytes(3 * 1024 * 1024));
        await remote.PutFileAsync("adder/1/model.onnx", local.ModelPath("adder", 1));
        await using var gateway = await GatewayProcess.StartReadyAsync(remote.Uri, remote.Environment(endpointPort: proxy.Port), RemoteRepositoryTests.FastSync);
        proxy.CutAfterBytes = 512 * 1024;

        await remote.PutFileAsync("adder/2/model.onnx", local.ModelPath("adder", 2));
        await remote.PutFileAsync("adder/2/extra.bin", big);
        JsonNode? status = null;
        await RemoteRepositoryTests.WaitForAsync(
            async () =>
            {
                using var response = await gateway.Client.GetAsync("/v1/models/adder/versions/2");
                status = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                return status?["model_version_status"]?[0]?["status"]?["error_code"]?.GetValue<string>() == "UNAVAILABLE";
            },
            "version 2 to report the broken download",
            gateway);

        Assert.True(proxy.Cuts > 0);
        Assert.Equal("END", status!["model_version_status"]![0]!["state"]!.GetValue<string>());
        Assert.Contains("adder/2/extra.bin", status["model_version_status"]![0]!["status"]!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(remote.ServedFiles(), f => f.Contains("/adder/2", StringComparison.Ordinal));
        Assert.Equal(10, await RemoteRepositoryTests.PredictAsync(gateway));

        proxy.CutAfterBytes = null;
        await RemoteRepositoryTests.WaitForAsync(async () => await RemoteRepositoryTests.PredictAsync(gateway) == 20, "version 2 to arrive", gateway);

        var served = Assert.Single(remote.ServedFiles(), f => f.EndsWith("/adder/2/extra.bin", StringComparison.Ordinal));
        Assert.Equal(new FileInfo(big).Length, new FileInfo(Path.Combine(remote.Cache, served)).Length);
    }
}
