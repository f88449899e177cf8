using System.Diagnostics;
using System.Net.Http.Headers;
using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>
/// A FIFO where the repository expects a file (a model, config, labels or external data file) fails that model alone with a
/// clear status, instead of blocking the watcher in <c>open</c>: later changes still apply and a reload still answers.
/// </summary>
public sealed class NonRegularFileTests
{
    private const string ManagementKey = "fifo-test-management-key-0123";
    private const string Row = """{"instances":[[0,0,0]]}""";

    private static readonly string[] s_args =
    [
        "--ModelRepository:PollInterval", "00:00:00.2", "--ModelRepository:SettleTime", "00:00:00.5",
        "--Management:Enabled", "true", "--Management:ApiKey", ManagementKey,
    ];

    [Theory]
    [InlineData("model", "model.onnx of version 1 is a FIFO, not a regular file.")]
    [InlineData("config", "Invalid model config: fifo/config.json: is a FIFO, not a regular file")]
    [InlineData("labels", "Invalid model config: fifo/config.json: servingFunction.outputs[0].params.labels: file 'labels.txt' is a FIFO, not a regular file")]
    [InlineData("external", "Failed to load model: external data file 'addend.bin' of tensor 'addend' is a FIFO, not a regular file")]
    public async Task Repository_FifoInPlaceOfAFile_FailsThatModelAndTheWatcherKeepsApplyingChanges(string kind, string expected)
    {
        using var repository = new TestRepository().WithAdders(1);
        var fifoModel = Path.Combine(repository.Root, "fifo");
        switch (kind)
        {
            case "model":
                Fifo.Create(Path.Combine(fifoModel, "1", "model.onnx"));
                break;
            case "config":
                TestModels.WriteAddConstant(ModelFile(fifoModel, 1), 1);
                Fifo.Create(Path.Combine(fifoModel, "config.json"));
                break;
            case "labels":
                TestModels.WriteAddConstant(ModelFile(fifoModel, 1), 1);
                File.WriteAllText(Path.Combine(fifoModel, "config.json"), """
                    {"servingFunction": {"outputs": [{"stage": "topK", "name": "top", "tensor": "y", "params": {"k": 2, "labels": "labels.txt"}}]}}
                    """);
                Fifo.Create(Path.Combine(fifoModel, "labels.txt"));
                break;
            default:
                repository.WithExternalDataAdder("fifo", 1, "addend.bin");
                Fifo.Create(Path.Combine(fifoModel, "1", "addend.bin"));
                break;
        }

        await using var host = await GatewayHost.StartAsync(repository.Root, s_args);
        var (statusCode, status) = await host.GetJsonAsync("/v1/models/fifo/versions/1");
        TestModels.WriteAddConstant(ModelFile(Path.Combine(repository.Root, "adder"), 2), 20);
        await WaitForAsync(async () => (await host.PostJsonAsync("/v1/models/adder:predict", Row)).Body?["predictions"]?[0]?[0]?.GetValue<double>() == 20);
        using var reload = new HttpRequestMessage(HttpMethod.Post, "/v2/repository/models/fifo/reload");
        reload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ManagementKey);
        using var reloaded = await host.Client.SendAsync(reload);

        Assert.Equal(200, statusCode);
        var version = status!["model_version_status"]![0]!;
        Assert.Equal("END", version["state"]!.GetValue<string>());
        var message = version["status"]!["error_message"]!.GetValue<string>();
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain(repository.Root, message, StringComparison.Ordinal);
        Assert.Equal(400, (int)reloaded.StatusCode);
        Assert.Contains("is a FIFO, not a regular file", await reloaded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string ModelFile(string modelDirectory, long version)
    {
        var directory = Directory.CreateDirectory(Path.Combine(modelDirectory, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Path.Combine(directory.FullName, "model.onnx");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the watcher did not load the new version");
            await Task.Delay(50);
        }
    }
}
