using System.Collections.Concurrent;
using System.Diagnostics;
using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>Versions added, removed and broken while clients keep sending requests: no request may fail.</summary>
public sealed class HotReloadTests
{
    private static readonly string[] s_fastPolling = ["--ModelRepository:PollInterval", "00:00:00.2", "--ModelRepository:SettleTime", "00:00:00.5"];

    private static async Task<string> StatusOfAsync(GatewayHost host, string version)
    {
        var (_, body) = await host.GetJsonAsync($"/v1/models/adder/versions/{version}");
        return body?["model_version_status"]?[0]?["state"]?.GetValue<string>() ?? "missing";
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AddByRenameThenRemoveThenCorrupt_UnderLoad_NoRequestFailsAndAnswersSwitch()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root, s_fastPolling);
        var failures = new ConcurrentBag<string>();
        var answers = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, body) = await host.PostJsonAsync("/v1/models/adder:predict", """{"instances":[[0,0,0]]}""");
                if (status != 200)
                {
                    failures.Add($"{status}: {body?.ToJsonString()}");
                }
                else
                {
                    answers.Add(body!["predictions"]![0]![0]!.GetValue<double>());
                }
            }
        })).ToArray();

        // Version 2 is written elsewhere and renamed into place, as the README tells users to.
        await Task.Delay(500);
        var staging = Path.Combine(repository.Root, ".staging-2");
        Directory.CreateDirectory(staging);
        TestModels.WriteAddConstant(Path.Combine(staging, "model.onnx"), 20);
        File.SetLastWriteTimeUtc(Path.Combine(staging, "model.onnx"), DateTime.UtcNow.AddMinutes(-1));
        Directory.Move(staging, Path.Combine(repository.Root, "adder", "2"));
        await WaitForAsync(async () => (await host.PostJsonAsync("/v1/models/adder:predict", """{"instances":[[0,0,0]]}""")).Body?["predictions"]?[0]?[0]?.GetValue<double>() == 20, "version 2 to answer");
        await WaitForAsync(async () => await StatusOfAsync(host, "1") == "missing", "version 1 to be retired (latest 1 policy)");

        // A corrupt version 3 fails to load; version 2 keeps serving.
        var corrupt = Path.Combine(repository.Root, ".staging-3");
        Directory.CreateDirectory(corrupt);
        File.WriteAllBytes(Path.Combine(corrupt, "model.onnx"), [1, 2, 3, 4, 5]);
        File.SetLastWriteTimeUtc(Path.Combine(corrupt, "model.onnx"), DateTime.UtcNow.AddMinutes(-1));
        Directory.Move(corrupt, Path.Combine(repository.Root, "adder", "3"));
        await WaitForAsync(async () => await StatusOfAsync(host, "3") == "END", "version 3 to fail");
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.Contains(10.0, answers);
        Assert.Contains(20.0, answers);
        Assert.Equal("AVAILABLE", await StatusOfAsync(host, "2"));
        var (_, status3) = await host.GetJsonAsync("/v1/models/adder/versions/3");
        Assert.NotEmpty(status3!["model_version_status"]![0]!["status"]!["error_message"]!.GetValue<string>());
        var (_, latest) = await host.PostJsonAsync("/v1/models/adder:predict", """{"instances":[[0,0,0]]}""");
        Assert.Equal(20, latest!["predictions"]![0]![0]!.GetValue<double>());
    }

    [Fact]
    public async Task VersionStillBeingWritten_DoesNotLoadUntilItsFilesSettle()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root, "--ModelRepository:PollInterval", "00:00:00.1", "--ModelRepository:SettleTime", "00:00:01.5");
        var directory = Path.Combine(repository.Root, "adder", "2");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "model.onnx");
        var model = File.ReadAllBytes(repository.ModelPath("adder", 1));

        // Half a file, then the rest a moment later: never loaded half-written.
        await File.WriteAllBytesAsync(path, model[..(model.Length / 2)]);
        await Task.Delay(600);
        var whileWriting = await StatusOfAsync(host, "2");
        await File.WriteAllBytesAsync(path, model);
        await WaitForAsync(async () => await StatusOfAsync(host, "2") == "AVAILABLE", "version 2 to load once settled");

        Assert.Equal("missing", whileWriting);
    }

    [Fact]
    public async Task ModelDirectoryRemovedAndAdded_ModelsFollow()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root, s_fastPolling);

        LoansModel.Write(Path.Combine(repository.Root, "loans", "1", "model.onnx"));
        File.SetLastWriteTimeUtc(Path.Combine(repository.Root, "loans", "1", "model.onnx"), DateTime.UtcNow.AddMinutes(-1));
        await WaitForAsync(async () => (await host.GetJsonAsync("/v1/models/loans")).Status == 200, "loans to appear");
        Directory.Delete(Path.Combine(repository.Root, "adder"), recursive: true);
        await WaitForAsync(async () => (await host.GetJsonAsync("/v1/models/adder")).Status == 404, "adder to go");

        var (status, _) = await host.PostJsonAsync("/v1/models/loans:predict", """{"instances":[{"income":1,"credit_cards":1,"age":1}]}""");
        Assert.Equal(200, status);
    }
}
