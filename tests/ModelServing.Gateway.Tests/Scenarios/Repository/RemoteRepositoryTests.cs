using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>A gateway process serving an s3:// repository from a real s3rver: cold and warm starts, new and removed versions
/// under load, and wrong credentials.</summary>
public sealed class RemoteRepositoryTests
{
    internal static readonly string[] FastSync =
    [
        "--ModelRepository:PollInterval", "00:00:00.3", "--ModelRepository:SyncRetryDelay", "00:00:00.05",
        "--ModelRepository:SyncRetryMaxDelay", "00:00:00.5",
    ];

    [Fact]
    public async Task S3Repository_ColdThenWarmCache_ServesAndWarmStartDownloadsNothing()
    {
        await using var remote = await S3Repository.StartAsync();
        using (var local = new TestRepository().WithAdders(1).WithLoans())
        {
            await remote.UploadAsync(local.Root);
        }

        await using (var cold = await GatewayProcess.StartReadyAsync(remote.Uri, remote.Environment(), FastSync))
        {
            Assert.Equal(10, await PredictAsync(cold));
            Assert.Contains("objects downloaded", await cold.StopAsync(), StringComparison.Ordinal);
        }

        await using var warm = await GatewayProcess.StartReadyAsync(remote.Uri, remote.Environment(), FastSync);

        Assert.Equal(10, await PredictAsync(warm));
        Assert.DoesNotContain("objects downloaded", await warm.StopAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3Repository_NewVersionAndOldDeletedUnder16WayLoad_NoRequestFails()
    {
        await using var remote = await S3Repository.StartAsync();
        using var local = new TestRepository().WithAdders(1, 2);
        await remote.PutFileAsync("adder/1/model.onnx", local.ModelPath("adder", 1));
        await using var gateway = await GatewayProcess.StartReadyAsync(remote.Uri, remote.Environment(), FastSync);
        var failures = new ConcurrentBag<string>();
        var answers = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await gateway.Client.PostAsync("/v1/models/adder:predict", JsonContent.Create(JsonNode.Parse("""{"instances":[[0,0,0]]}""")));
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{(int)response.StatusCode}: {body}");
                }
                else
                {
                    answers.Add(JsonNode.Parse(body)!["predictions"]![0]![0]!.GetValue<double>());
                }
            }
        })).ToArray();

        await Task.Delay(300);
        await remote.PutFileAsync("adder/2/model.onnx", local.ModelPath("adder", 2));
        await remote.DeleteAsync("adder/1/model.onnx");
        await WaitForAsync(async () => await PredictAsync(gateway) == 20, "version 2 to answer", gateway);
        await WaitForAsync(async () => (await VersionsAsync(gateway)).SequenceEqual(["2"]), "version 1 to be gone", gateway);
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.Contains(10.0, answers);
        Assert.Contains(20.0, answers);
    }

    [Fact]
    public async Task S3Repository_WrongCredentialsColdCache_ReadinessNamesAccessDeniedWithoutSecret()
    {
        await using var remote = await S3Repository.StartAsync();
        using (var local = new TestRepository().WithAdders(1))
        {
            await remote.UploadAsync(local.Root);
        }

        const string Secret = "do-not-print-this-secret";
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start(
            port, remote.Environment(accessKey: "UNKNOWNKEY", secret: Secret), ["--urls", $"http://127.0.0.1:{port}", "--model-repository", remote.Uri, .. FastSync]);
        var readiness = await WaitForReadinessAsync(gateway, "access denied", "readiness to name the refused credentials");

        Assert.Contains(remote.Uri, readiness, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, readiness, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3Repository_WrongCredentialsWarmCache_KeepsServingAndStatusSaysPermissionDenied()
    {
        await using var remote = await S3Repository.StartAsync();
        using (var local = new TestRepository().WithAdders(1))
        {
            await remote.UploadAsync(local.Root);
        }

        await using (var first = await GatewayProcess.StartReadyAsync(remote.Uri, remote.Environment(), FastSync))
        {
            await first.StopAsync();
        }

        await using var gateway = await GatewayProcess.StartReadyAsync(remote.Uri, remote.Environment(accessKey: "UNKNOWNKEY", secret: "wrong-secret-xyz"), FastSync);

        Assert.Equal(10, await PredictAsync(gateway));
        var status = JsonNode.Parse(await gateway.Client.GetStringAsync("/v1/models/adder"))!["model_version_status"]![0]!;
        Assert.Equal("AVAILABLE", status["state"]!.GetValue<string>());
        Assert.Equal("PERMISSION_DENIED", status["status"]!["error_code"]!.GetValue<string>());
        Assert.Contains("access denied", status["status"]!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("access denied", await gateway.Client.GetStringAsync("/readyz"), StringComparison.Ordinal);
        var metrics = (await gateway.Client.GetStringAsync("/metrics")).Split('\n');
        Assert.Contains(metrics, line => line.StartsWith("modelserving_repository_store_problems{", StringComparison.Ordinal)
            && line.Contains("code=\"PERMISSION_DENIED\"", StringComparison.Ordinal) && line.Contains("scope=\"repository\"", StringComparison.Ordinal)
            && line.EndsWith(" 1", StringComparison.Ordinal));
        Assert.DoesNotContain("wrong-secret-xyz", gateway.Output, StringComparison.Ordinal);
    }

    internal static async Task<double?> PredictAsync(GatewayProcess gateway)
    {
        using var response = await gateway.Client.PostAsync("/v1/models/adder:predict", JsonContent.Create(JsonNode.Parse("""{"instances":[[0,0,0]]}""")));
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["predictions"]![0]![0]!.GetValue<double>()
            : null;
    }

    internal static async Task<string[]> VersionsAsync(GatewayProcess gateway)
    {
        using var response = await gateway.Client.GetAsync("/v1/models/adder");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return [.. body?["model_version_status"]?.AsArray().Select(v => v!["version"]!.GetValue<string>()) ?? []];
    }

    /// <summary>Polls <c>/readyz</c> until its body contains <paramref name="text"/>, and returns that body.</summary>
    internal static async Task<string> WaitForReadinessAsync(GatewayProcess gateway, string text, string what)
    {
        var readiness = string.Empty;
        await WaitForAsync(
            async () =>
            {
                try
                {
                    using var response = await gateway.Client.GetAsync("/readyz");
                    readiness = await response.Content.ReadAsStringAsync();
                    return readiness.Contains(text, StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            what,
            gateway);
        return readiness;
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition, string what, GatewayProcess gateway)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"timed out waiting for {what}; gateway output:\n{gateway.Output}");
            await Task.Delay(100);
        }
    }
}
