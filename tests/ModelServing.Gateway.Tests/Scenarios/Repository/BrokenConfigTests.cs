using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>
/// A <c>config.json</c> broken after a valid one: the model keeps serving under the last valid config, and the status API,
/// the management index and <c>/readyz</c> say so until the file is fixed, not only the log.
/// </summary>
public sealed class BrokenConfigTests
{
    private const string ManagementKey = "broken-config-management-key";
    private const string Row = """{"instances":[[0,0,0]]}""";
    private const string ValidConfig = """{"versionPolicy": {"latest": {"numVersions": 1}}}""";

    private static readonly string[] s_args =
    [
        "--ModelRepository:PollInterval", "00:00:00.2", "--ModelRepository:SettleTime", "00:00:00.5",
        "--Management:Enabled", "true", "--Management:ApiKey", ManagementKey,
    ];

    [Fact]
    public async Task ConfigBrokenAfterAValidOne_KeepsServingAndStatusReadyzAndIndexShowTheErrors()
    {
        using var repository = new TestRepository().WithAdders(1).WithConfig("adder", ValidConfig);
        await using var host = await GatewayHost.StartAsync(repository.Root, s_args);
        var (validStatus, _) = await host.PostJsonAsync("/v1/models/adder:predict", Row);
        var config = Path.Combine(repository.Root, "adder", "config.json");

        File.WriteAllText(config, """{"versionPolicy": {"latest": {"numVersions": 0}}, "colour": "blue"}""");
        var broken = await WaitForStatusAsync(host, "INVALID_ARGUMENT");
        var (predictStatus, _) = await host.PostJsonAsync("/v1/models/adder:predict", Row);
        var (readyStatus, ready) = await host.GetJsonAsync("/readyz");
        var index = await IndexAsync(host);
        File.WriteAllText(config, ValidConfig);
        var fixedAgain = await WaitForStatusAsync(host, "OK");
        var (_, readyAfterFix) = await host.GetJsonAsync("/readyz");

        Assert.Equal(200, validStatus);
        Assert.Equal("AVAILABLE", broken["state"]!.GetValue<string>());
        var message = broken["status"]!["error_message"]!.GetValue<string>();
        Assert.StartsWith("Invalid model config, the last valid config keeps serving: adder/config.json: ", message, StringComparison.Ordinal);
        Assert.Contains("versionPolicy.latest.numVersions", message, StringComparison.Ordinal);
        Assert.Contains("colour", message, StringComparison.Ordinal);
        Assert.DoesNotContain(repository.Root, message, StringComparison.Ordinal);
        Assert.Equal(200, predictStatus);
        Assert.Equal(200, readyStatus);
        Assert.Equal("ready", ready!["status"]!.GetValue<string>());
        Assert.Equal("model adder: " + message, Assert.Single(ready["warnings"]!.AsArray())!.GetValue<string>());
        Assert.Equal(message, index.Single(r => r!["name"]!.GetValue<string>() == "adder")!["reason"]!.GetValue<string>());
        Assert.Equal(("AVAILABLE", string.Empty), (fixedAgain["state"]!.GetValue<string>(), fixedAgain["status"]!["error_message"]!.GetValue<string>()));
        Assert.Null(readyAfterFix!["warnings"]);
    }

    private static async Task<JsonNode> WaitForStatusAsync(GatewayHost host, string errorCode)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (_, body) = await host.GetJsonAsync("/v1/models/adder/versions/1");
            var version = body?["model_version_status"]?[0];
            if (version?["status"]?["error_code"]?.GetValue<string>() == errorCode)
            {
                return version;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the status never showed {errorCode}: {body?.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonArray> IndexAsync(GatewayHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/repository/index");
        request.Headers.Add("x-api-key", ManagementKey);
        using var response = await host.Client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }
}
