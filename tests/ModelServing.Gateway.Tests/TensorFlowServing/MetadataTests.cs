using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.TensorFlowServing;

[Collection(GatewayCollection.Name)]
public sealed class MetadataTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task GetMetadata_Loans_MatchesOnnxSignatureInTfServingShape()
    {
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TensorFlowServing", "TestData", "loans-metadata.json"));

        var (status, body) = await Host.GetJsonAsync("/v1/models/loans/metadata");

        Assert.Equal(200, status);
        Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(expected)!.ToJsonString(), body!.ToJsonString());
    }

    [Fact]
    public async Task GetMetadata_TextOrientation_ReportsImageTensorWithDynamicDimensions()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/text-orientation/versions/1/metadata");

        Assert.Equal(200, status);
        var signature = body!["metadata"]!["signature_def"]!["signature_def"]!["serving_default"]!;
        var input = signature["inputs"]!["x"]!;
        Assert.Equal("DT_FLOAT", input["dtype"]!.GetValue<string>());
        var sizes = input["tensor_shape"]!["dim"]!.AsArray().Select(d => d!["size"]!.GetValue<string>()).ToArray();
        Assert.Equal("-1", sizes[0]);
        Assert.Equal(["3", "-1", "-1"], sizes[1..]);
        Assert.Equal("tensorflow/serving/predict", signature["method_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMetadata_EveryDtype_UsesTensorFlowTypeNames()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/dtypes/metadata");

        Assert.Equal(200, status);
        var inputs = body!["metadata"]!["signature_def"]!["signature_def"]!["serving_default"]!["inputs"]!;
        Assert.Equal("DT_FLOAT", inputs["x_float"]!["dtype"]!.GetValue<string>());
        Assert.Equal("DT_DOUBLE", inputs["x_double"]!["dtype"]!.GetValue<string>());
        Assert.Equal("DT_HALF", inputs["x_float16"]!["dtype"]!.GetValue<string>());
        Assert.Equal("DT_BFLOAT16", inputs["x_bfloat16"]!["dtype"]!.GetValue<string>());
        Assert.Equal("DT_INT8", inputs["x_int8"]!["dtype"]!.GetValue<string>());
        Assert.Equal("DT_UINT64", inputs["x_uint64"]!["dtype"]!.GetValue<string>());
        Assert.Equal("DT_BOOL", inputs["x_bool"]!["dtype"]!.GetValue<string>());
        Assert.Equal("DT_STRING", inputs["x_string"]!["dtype"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMetadata_Label_ResolvesToLabelledVersion()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/adder/labels/canary/metadata");

        Assert.Equal(200, status);
        Assert.Equal("2", body!["model_spec"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMetadata_UnknownModelOrVersion_Returns404()
    {
        var (modelStatus, modelBody) = await Host.GetJsonAsync("/v1/models/nope/metadata");
        var (versionStatus, versionBody) = await Host.GetJsonAsync("/v1/models/loans/versions/9/metadata");

        Assert.Equal(404, modelStatus);
        Assert.Equal("Servable not found for request: Latest(nope)", modelBody!["error"]!.GetValue<string>());
        Assert.Equal(404, versionStatus);
        Assert.Equal("Servable not found for request: Specific(loans, 9)", versionBody!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMetadata_ModelWithNoAvailableVersion_Returns503NamingTheState()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/broken/metadata");

        Assert.Equal(503, status);
        Assert.StartsWith("Servable not found for request: Latest(broken) (version 1 is END", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
