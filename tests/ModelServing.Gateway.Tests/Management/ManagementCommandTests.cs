using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.Management;

/// <summary>Load, unload and reload through the management API on real models, with the watcher running.</summary>
public sealed class ManagementCommandTests
{
    private static readonly string[] s_fastPolling = ["--ModelRepository:PollInterval", "00:00:00.1", "--ModelRepository:SettleTime", "00:00:00.2"];

    private static double Answer(System.Text.Json.Nodes.JsonNode? body) => body!["predictions"]![0]![0]!.GetValue<double>();

    [Fact]
    public async Task Unload_WatcherRunning_ModelStaysUnloadedUntilLoaded()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await ManagementHost.StartAsync(repository.Root, s_fastPolling);

        var (unloadStatus, unloaded) = await host.ManageAsync("/v2/repository/models/adder/unload");
        Assert.Equal(200, unloadStatus);
        Assert.Equal("UNAVAILABLE", unloaded![0]!["state"]!.GetValue<string>());
        Assert.Equal(0, host.Runners.Live);

        // Several scans later the model is still unloaded: an explicit unload wins over what the watcher sees on disk.
        await Task.Delay(600);
        var (predictStatus, error) = await host.PredictAsync("adder", """{"instances":[[0,0,0]]}""");
        Assert.Equal(404, predictStatus);
        Assert.NotNull(error!["error"]);
        var (_, index) = await host.ManageAsync("/v2/repository/index");
        var row = index!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "adder")!;
        Assert.Equal("unloaded", row["reason"]!.GetValue<string>());

        var (loadStatus, loaded) = await host.ManageAsync("/v2/repository/models/adder/load");
        Assert.Equal(200, loadStatus);
        Assert.Equal("AVAILABLE", loaded![0]!["state"]!.GetValue<string>());
        var (afterStatus, body) = await host.PredictAsync("adder", """{"instances":[[0,0,0]]}""");
        Assert.Equal(200, afterStatus);
        Assert.Equal(10.0, Answer(body));
        Assert.Equal(1, host.Runners.Live);
    }

    [Fact]
    public async Task Reload_WatchingOff_PicksUpRewrittenVersionFiles()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await ManagementHost.StartAsync(repository.Root, "--ModelRepository:PollInterval", "00:00:00");
        Assert.Equal(10.0, Answer((await host.PredictAsync("adder", """{"instances":[[0,0,0]]}""")).Body));

        TestModels.WriteAddConstant(repository.ModelPath("adder", 1), 30);
        File.SetLastWriteTimeUtc(repository.ModelPath("adder", 1), DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(10.0, Answer((await host.PredictAsync("adder", """{"instances":[[0,0,0]]}""")).Body));

        var (status, rows) = await host.ManageAsync("/v2/repository/models/adder/reload");
        Assert.Equal(200, status);
        Assert.Equal("AVAILABLE", rows![0]!["state"]!.GetValue<string>());
        Assert.Equal(30.0, Answer((await host.PredictAsync("adder", """{"instances":[[0,0,0]]}""")).Body));
        Assert.Equal(1, host.Runners.Live);
    }

    [Fact]
    public async Task Commands_UnknownModel_Answer404()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await ManagementHost.StartAsync(repository.Root);
        foreach (var action in new[] { "load", "unload", "reload" })
        {
            var (status, body) = await host.ManageAsync($"/v2/repository/models/nope/{action}");
            Assert.Equal(404, status);
            Assert.Contains("nope", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Load_CorruptModel_Answers400WithTheLoadErrorAndNoPath()
    {
        using var repository = new TestRepository().WithAdders(1).WithCorruptModel("broken", 1);
        await using var host = await ManagementHost.StartAsync(repository.Root, "--ModelRepository:RetryMaxAttempts", "0");
        var (status, body) = await host.ManageAsync("/v2/repository/models/broken/load");
        Assert.Equal(400, status);
        var error = body!["error"]!.GetValue<string>();
        Assert.Contains("version 1", error, StringComparison.Ordinal);
        Assert.DoesNotContain(repository.Root, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_UnloadedModel_Answers400UntilLoaded()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await ManagementHost.StartAsync(repository.Root);
        Assert.Equal(200, (await host.ManageAsync("/v2/repository/models/adder/unload")).Status);
        var (status, body) = await host.ManageAsync("/v2/repository/models/adder/reload");
        Assert.Equal(400, status);
        Assert.Contains("load it first", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swagger_ManagementEnabled_ListsRepositoryRoutes()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await ManagementHost.StartAsync(repository.Root);
        var json = await host.Client.GetStringAsync("/swagger/v1/swagger.json");
        foreach (var route in new[] { "/v2/repository/index", "/v2/repository/models/{name}/load", "/v2/repository/models/{name}/unload", "/v2/repository/models/{name}/reload" })
        {
            Assert.Contains($"\"{route}\"", json, StringComparison.Ordinal);
        }
    }
}
