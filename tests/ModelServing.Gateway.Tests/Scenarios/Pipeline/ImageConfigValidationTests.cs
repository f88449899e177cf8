using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Pipeline;

/// <summary>
/// Issue 14: text-orientation's real config with <c>"mean": [1e400, 0.5, 0.5]</c> loaded as AVAILABLE, and every predict then
/// answered 500 with half a success body followed by an error. Now the version fails to load, naming the file and field.
/// </summary>
public sealed class ImageConfigValidationTests : IAsyncLifetime
{
    private readonly TestRepository _repository = new TestRepository()
        .WithExampleImageModels()
        .WithConfig("text-orientation", ExampleConfig().Replace("\"mean\": [0.5, 0.5, 0.5]", "\"mean\": [1e400, 0.5, 0.5]", StringComparison.Ordinal));

    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync(_repository.Root);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _repository.Dispose();
    }

    [Fact]
    public async Task Status_MeanBeyondDoubleRange_VersionFailsNamingFileAndField()
    {
        var (status, body) = await _host.GetJsonAsync("/v1/models/text-orientation");

        Assert.Equal(200, status);
        var version = body!["model_version_status"]![0]!;
        Assert.Equal("END", version["state"]!.GetValue<string>());
        Assert.Contains(
            "text-orientation/config.json: servingFunction.inputs[0].params.mean[0]: must be a finite number within float32's range",
            version["status"]!["error_message"]!.GetValue<string>(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_MeanBeyondDoubleRange_Answers503WithOneCompleteErrorBody()
    {
        var line = TextImages.Line("config check", rotated180: false);

        var (status, text) = await _host.PostRawAsync(
            "/v1/models/text-orientation:predict", $$"""{"instances":[{"b64":"{{Convert.ToBase64String(line)}}"}]}""");

        Assert.Equal(503, status);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["error"], body.Select(p => p.Key));
    }

    [Fact]
    public async Task Predict_OtherModelOfTheRepository_StillServes()
    {
        var page = TextImages.Page(640, 320, [(40, 60, "Still serving")]);

        var (status, _) = await _host.PostJsonAsync(
            "/v1/models/text-detection:predict", $$"""{"instances":[{"b64":"{{Convert.ToBase64String(page)}}"}]}""");

        Assert.Equal(200, status);
    }

    private static string ExampleConfig() =>
        File.ReadAllText(Path.Combine(ExampleModels.RepositoryRoot, "models", "text-orientation", "config.json"));
}
