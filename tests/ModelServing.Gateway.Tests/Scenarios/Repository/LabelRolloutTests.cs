using System.Collections.Concurrent;
using System.Diagnostics;
using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>Labels moved in config.json on a running gateway: /labels/ routes follow AVAILABLE versions without a restart.</summary>
public sealed class LabelRolloutTests
{
    private const string Row = """{"instances":[[0,0,0]]}""";
    private static readonly string[] s_fastPolling = ["--ModelRepository:PollInterval", "00:00:00.2", "--ModelRepository:SettleTime", "00:00:00.5"];

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static async Task<double?> AnswerAsync(GatewayHost host, string label) =>
        (await host.PostJsonAsync($"/v1/models/adder/labels/{label}:predict", Row)).Body?["predictions"]?[0]?[0]?.GetValue<double>();

    private static void WriteConfig(TestRepository repository, string labels, bool allowUnavailable = false) =>
        File.WriteAllText(
            Path.Combine(repository.Root, "adder", "config.json"),
            $$$"""{"versionPolicy": {"all": {}}, "versionLabels": {{{{labels}}}}, "allowUnavailableLabels": {{{(allowUnavailable ? "true" : "false")}}}}""");

    private static void AddVersionByRename(TestRepository repository, long version)
    {
        var staging = Path.Combine(repository.Root, $".staging-{version}");
        Directory.CreateDirectory(staging);
        TestModels.WriteAddConstant(Path.Combine(staging, "model.onnx"), version * 10);
        File.SetLastWriteTimeUtc(Path.Combine(staging, "model.onnx"), DateTime.UtcNow.AddMinutes(-1));
        Directory.Move(staging, Path.Combine(repository.Root, "adder", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task LabelsMovedInConfig_UnderLoad_RoutesFollowOnlyAvailableVersionsAndNeverFail()
    {
        using var repository = new TestRepository().WithAdders(1, 2);
        WriteConfig(repository, """ "stable": 1, "canary": 1 """);
        await using var host = await GatewayHost.StartAsync(repository.Root, s_fastPolling);
        var failures = new ConcurrentBag<string>();
        var canaryAnswers = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            var label = i % 2 == 0 ? "canary" : "stable";
            while (!stop.IsCancellationRequested)
            {
                var (status, body) = await host.PostJsonAsync($"/v1/models/adder/labels/{label}:predict", Row);
                if (status != 200)
                {
                    failures.Add($"{label} {status}: {body?.ToJsonString()}");
                }
                else if (label == "canary")
                {
                    canaryAnswers.Add(body!["predictions"]![0]![0]!.GetValue<double>());
                }
            }
        })).ToArray();

        await WaitForAsync(() => Task.FromResult(canaryAnswers.Contains(10)), "the clients to reach version 1");

        // canary moves to version 2, which is AVAILABLE: the route follows at the next scan.
        WriteConfig(repository, """ "stable": 1, "canary": 2 """);
        await WaitForAsync(async () => await AnswerAsync(host, "canary") == 20, "canary to follow version 2");

        // canary moves to version 3, not in the repository yet: it keeps answering from version 2. The new label "next" shows
        // the config is in force: it is recognized, but its version has never been AVAILABLE.
        WriteConfig(repository, """ "stable": 1, "canary": 3, "next": 3 """);
        await WaitForAsync(async () => (await host.GetJsonAsync("/v1/models/adder/labels/next")).Status == 503, "the label 'next' to be known");
        var (nextStatus, nextBody) = await host.PostJsonAsync("/v1/models/adder/labels/next:predict", Row);
        var canaryWhileMissing = await AnswerAsync(host, "canary");
        var (_, canaryStatusWhileMissing) = await host.GetJsonAsync("/v1/models/adder/labels/canary");

        // Version 3 arrives by atomic rename: once AVAILABLE, both labels follow it.
        AddVersionByRename(repository, 3);
        await WaitForAsync(async () => await AnswerAsync(host, "canary") == 30, "canary to follow version 3");
        await WaitForAsync(async () => await AnswerAsync(host, "next") == 30, "next to follow version 3");
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var (_, canaryStatus) = await host.GetJsonAsync("/v1/models/adder/labels/canary");
        var (_, canaryMetadata) = await host.GetJsonAsync("/v1/models/adder/labels/canary/metadata");
        Assert.Empty(failures);
        Assert.Equal([10.0, 20.0, 30.0], canaryAnswers.Distinct().Order());
        Assert.Equal(503, nextStatus);
        Assert.Equal(
            "Servable not found for request: Label(adder, next) (label next points at version 3, which has not been AVAILABLE yet: version 3 is not in the repository)",
            nextBody!["error"]!.GetValue<string>());
        Assert.Equal(20, canaryWhileMissing);
        Assert.Equal("2", canaryStatusWhileMissing!["model_version_status"]![0]!["version"]!.GetValue<string>());
        Assert.Equal("3", canaryStatus!["model_version_status"]![0]!["version"]!.GetValue<string>());
        Assert.Equal("3", canaryMetadata!["model_spec"]!["version"]!.GetValue<string>());
        Assert.Equal(10, await AnswerAsync(host, "stable"));
    }

    [Fact]
    public async Task AllowUnavailableLabels_LabelOnMissingVersion_RoutesStraightToIt()
    {
        using var repository = new TestRepository().WithAdders(1);
        WriteConfig(repository, """ "canary": 1 """, allowUnavailable: true);
        await using var host = await GatewayHost.StartAsync(repository.Root, s_fastPolling);
        Assert.Equal(10, await AnswerAsync(host, "canary"));

        WriteConfig(repository, """ "canary": 2 """, allowUnavailable: true);
        await WaitForAsync(async () => (await host.PostJsonAsync("/v1/models/adder/labels/canary:predict", Row)).Status != 200, "canary to move to version 2");
        var (status, body) = await host.PostJsonAsync("/v1/models/adder/labels/canary:predict", Row);
        AddVersionByRename(repository, 2);
        await WaitForAsync(async () => await AnswerAsync(host, "canary") == 20, "canary to answer from version 2");

        Assert.Equal(404, status);
        Assert.Equal("Servable not found for request: Label(adder, canary)", body!["error"]!.GetValue<string>());
    }
}
