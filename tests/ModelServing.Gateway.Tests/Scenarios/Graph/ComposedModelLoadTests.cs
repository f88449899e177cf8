using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Graph;

public sealed class ComposedModelLoadTests(OcrFixture fixture) : IClassFixture<OcrFixture>
{
    private GatewayHost Host => fixture.Host;

    private async Task<(string State, string Code, string Message)> StatusAsync(string model)
    {
        var (status, body) = await Host.GetJsonAsync($"/v1/models/{model}");
        Assert.Equal(200, status);
        var version = body!["model_version_status"]![0]!;
        return (version["state"]!.GetValue<string>(), version["status"]!["error_code"]!.GetValue<string>(), version["status"]!["error_message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_Ocr_IsAvailableOnceTheModelsItCallsAre()
    {
        var (state, code, _) = await StatusAsync("ocr");

        Assert.Equal("AVAILABLE", state);
        Assert.Equal("OK", code);
        foreach (var called in new[] { "text-detection", "text-orientation", "text-recognition" })
        {
            Assert.Equal("AVAILABLE", (await StatusAsync(called)).State);
        }
    }

    [Fact]
    public async Task Status_GraphsCallingEachOther_FailWithTheCycle()
    {
        var (state, code, message) = await StatusAsync("loop-a");

        Assert.Equal("END", state);
        Assert.Equal("INVALID_ARGUMENT", code);
        Assert.Contains("cycle: loop-a -> loop-b -> loop-a", message, StringComparison.Ordinal);
        Assert.Equal("END", (await StatusAsync("loop-b")).State);
    }

    [Fact]
    public async Task Status_GraphCallingAMissingModel_FailsNamingStepAndModel()
    {
        var (state, _, message) = await StatusAsync("calls-missing");

        Assert.Equal("END", state);
        Assert.Contains("step 'read' calls model 'no-such-model', which is not in the repository", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_StepFedTheWrongType_FailsNamingValueAndInput()
    {
        var (state, _, message) = await StatusAsync("mismatch");

        Assert.Equal("END", state);
        Assert.Contains("graph.steps[2]: type mismatch: 'crops.score' is DT_FLOAT [-1] per item of 'crops', but model 'text-orientation' input 'image' takes DT_STRING", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_FailedGraph_AnswersUnavailableNotAServerError()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/mismatch:predict", """{"instances":[{"b64":"AAAA"}]}""");

        Assert.Equal(503, status);
        Assert.Contains("version 1 is END", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
