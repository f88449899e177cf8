using System.Text.Json.Nodes;

namespace ModelServing.Gateway.Tests.Grpc.ExternalClients;

/// <summary>
/// Clients that are not ours, built by other toolchains from the same protos/ (Node's @grpc/grpc-js with proto-loader, and
/// Debian's grpcio with grpc_tools-generated stubs), against the gateway's gRPC port: TF Serving's PredictionService and
/// ModelService, the Open Inference v2 GRPCInferenceService and grpc.health.v1, with the REST answers as the reference.
/// </summary>
public sealed class ExternalClientTests(ExternalClientsFixture fixture) : IClassFixture<ExternalClientsFixture>
{
    private const string LoansRows = """{"instances":[{"income":2000,"credit_cards":2,"age":45},{"income":8000,"credit_cards":0,"age":30}]}""";

    [Theory]
    [InlineData("node")]
    [InlineData("python")]
    public async Task TfPredict_LoansTypedAndPacked_SameAsRest(string toolchain)
    {
        var answers = await fixture.AnswersAsync(toolchain);
        var (approved, probabilities) = await RestLoansAsync();

        foreach (var name in new[] { "tf_predict_loans", "tf_predict_loans_packed" })
        {
            var outputs = Ok(answers, name);
            Assert.Equal("DT_INT64", outputs["approved"]!["dtype"]!.GetValue<string>());
            Assert.Equal(approved, Numbers(outputs["approved"]!["values"]));
            Assert.Equal(probabilities, Numbers(outputs["probabilities"]!["values"]));
            Assert.Equal([2, 2], Numbers(outputs["probabilities"]!["shape"]));
        }
    }

    [Theory]
    [InlineData("node")]
    [InlineData("python")]
    public async Task TfPredict_JpegBytesInStringVal_SameOrientationAsRest(string toolchain)
    {
        var orientation = Ok(await fixture.AnswersAsync(toolchain), "tf_predict_orientation")["orientation"]!;
        var image = Convert.ToBase64String(await File.ReadAllBytesAsync(fixture.JpegPath));
        var (_, rest) = await fixture.Host.PostJsonAsync("/v1/models/text-orientation:predict", $$"""{"instances":[{"b64":"{{image}}"}]}""");

        var best = rest!["predictions"]![0]![0]!["label"]!.GetValue<string>();
        Assert.Equal("180", best);
        Assert.Equal([1], Numbers(orientation["shape"]));
        var value = JsonNode.Parse(orientation["values"]![0]!.GetValue<string>())!;
        Assert.Equal(rest["predictions"]![0]!.ToJsonString(), value.ToJsonString());
    }

    [Theory]
    [InlineData("node")]
    [InlineData("python")]
    public async Task TfMetadataAndStatus_Loans_SignatureAndAvailableVersion(string toolchain)
    {
        var answers = await fixture.AnswersAsync(toolchain);

        var metadata = Ok(answers, "tf_metadata_loans");
        Assert.Equal("loans", metadata["model"]!.GetValue<string>());
        Assert.Equal("1", metadata["version"]!.ToString());
        Assert.Equal("tensorflow/serving/predict", metadata["method_name"]!.GetValue<string>());
        Assert.Equal(["age", "credit_cards", "income"], metadata["inputs"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(metadata["inputs"]!.AsObject(), p => Assert.Equal("DT_FLOAT", p.Value!["dtype"]!.GetValue<string>()));
        Assert.Equal([-1, 2], Numbers(metadata["outputs"]!["probabilities"]!["shape"]));
        var status = Assert.Single(answers["tf_status_loans"]!["result"]!.AsArray())!;
        Assert.Equal("""{"version":"1","state":"AVAILABLE","error_code":"OK"}""", status.ToJsonString());
    }

    [Theory]
    [InlineData("node")]
    [InlineData("python")]
    public async Task TfPredict_BadInputAndUnknownModel_InvalidArgumentAndNotFound(string toolchain)
    {
        var answers = await fixture.AnswersAsync(toolchain);

        AssertError(answers, "tf_bad_input", "INVALID_ARGUMENT", "income");
        AssertError(answers, "tf_unknown_model", "NOT_FOUND", "nosuch");
    }

    [Theory]
    [InlineData("node")]
    [InlineData("python")]
    public async Task OpenInference_LiveReadyMetadataAndInfer_SameAsRest(string toolchain)
    {
        var answers = await fixture.AnswersAsync(toolchain);
        var (approved, probabilities) = await RestLoansAsync();
        var (_, restMetadata) = await fixture.Host.GetJsonAsync("/v2/models/loans");

        Assert.True(Ok(answers, "v2_server_live").GetValue<bool>());
        Assert.True(Ok(answers, "v2_server_ready").GetValue<bool>());
        var metadata = Ok(answers, "v2_model_metadata");
        foreach (var key in new[] { "name", "versions", "platform", "inputs", "outputs" })
        {
            Assert.Equal(restMetadata![key]!.ToJsonString(), metadata[key]!.ToJsonString());
        }

        foreach (var (name, id) in new[] { ("v2_infer_typed", "typed"), ("v2_infer_raw", "raw") })
        {
            var infer = Ok(answers, name);
            Assert.Equal("loans", infer["model_name"]!.GetValue<string>());
            Assert.Equal(id, infer["id"]!.GetValue<string>());
            Assert.Equal(approved, Numbers(infer["outputs"]!["approved"]!["values"]));
            Assert.Equal(probabilities, Numbers(infer["outputs"]!["probabilities"]!["values"]));
        }
    }

    [Theory]
    [InlineData("node")]
    [InlineData("python")]
    public async Task OpenInferenceAndHealth_BadInputAndCheck_InvalidArgumentAndServing(string toolchain)
    {
        var answers = await fixture.AnswersAsync(toolchain);

        AssertError(answers, "v2_bad_input", "INVALID_ARGUMENT", "credit_cards");
        Assert.Equal("SERVING", Ok(answers, "health_check").GetValue<string>());
    }

    private async Task<(double[] Approved, double[] Probabilities)> RestLoansAsync()
    {
        var (status, body) = await fixture.Host.PostJsonAsync("/v1/models/loans:predict", LoansRows);
        Assert.Equal(200, status);
        var predictions = body!["predictions"]!.AsArray();
        return ([.. predictions.Select(p => p!["approved"]!.GetValue<double>())],
                [.. predictions.SelectMany(p => p!["probabilities"]!.AsArray()).Select(v => (double)v!.GetValue<float>())]);
    }

    private static JsonNode Ok(JsonObject answers, string name)
    {
        var answer = answers[name]!;
        Assert.True(answer["code"]!.GetValue<string>() == "OK", $"{name}: {answer.ToJsonString()}");
        return answer["result"]!;
    }

    private static void AssertError(JsonObject answers, string name, string code, string named)
    {
        var answer = answers[name]!;
        Assert.True(answer["code"]!.GetValue<string>() == code, $"{name}: expected {code}, got {answer.ToJsonString()}");
        Assert.Contains(named, answer["details"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static double[] Numbers(JsonNode? values) => [.. values!.AsArray().Select(v => v!.GetValue<double>())];
}
