using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.TensorFlowServing;

[Collection(GatewayCollection.Name)]
public sealed class PredictErrorTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    [Theory]
    [InlineData("""{"instances":[[1,2,3]],"inputs":[[1,2,3]]}""", "expecting only one of 'inputs' or 'instances'")]
    [InlineData("""{"signature_name":"serving_default"}""", "Missing 'inputs' or 'instances' key")]
    [InlineData("""{"instances":[[1,2,3]],"signature_name":"other"}""", "Serving signature name: \"other\" not found in signature def")]
    public async Task Predict_MalformedBody_Returns400WithTfServingMessage(string json, string message)
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/adder:predict", json);

        Assert.Equal(400, status);
        Assert.Contains(message, body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"instances":[]}""")]
    [InlineData("""{"instances":{}}""")]
    [InlineData("""{"instances":[[1,2,3]""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"instances":[[1,2,3],[1,2]]}""")]
    [InlineData("""{"instances":[[1,2,3,4]]}""")]
    [InlineData("""{"instances":[[1,2,"x"]]}""")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Predict_InvalidInstances_Returns400(string json)
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/adder:predict", json);

        Assert.Equal(400, status);
        Assert.False(string.IsNullOrEmpty(body!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Predict_MissingNamedInput_Returns400NamingInstanceAndInput()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/loans:predict", """{"instances":[{"income":1,"credit_cards":1,"age":1},{"income":1,"age":1}]}""");

        Assert.Equal(400, status);
        var message = body!["error"]!.GetValue<string>();
        Assert.Contains("1", message, StringComparison.Ordinal);
        Assert.Contains("credit_cards", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_InvalidBase64_Returns400NamingTheInstance()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/strings:predict", """{"instances":["ok",{"b64":"***not base64***"}]}""");

        Assert.Equal(400, status);
        Assert.Contains("1", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_UnknownModel_Returns404()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/nope:predict", """{"instances":[1]}""");

        Assert.Equal(404, status);
        Assert.Equal("Servable not found for request: Latest(nope)", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Predict_UnknownVersion_Returns404()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/adder/versions/3:predict", """{"instances":[[1,2,3]]}""");

        Assert.Equal(404, status);
        Assert.Equal("Servable not found for request: Specific(adder, 3)", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Predict_FailedModel_Returns503()
    {
        var (status, _) = await Host.PostJsonAsync("/v1/models/broken:predict", """{"instances":[1]}""");

        Assert.Equal(503, status);
    }

    [Theory]
    [InlineData("classify", "classification")]
    [InlineData("regress", "regression")]
    public async Task ClassifyOrRegress_PredictOnlyModel_Returns400LikeTfServing(string verb, string kind)
    {
        var (status, body) = await Host.PostJsonAsync($"/v1/models/adder:{verb}", """{"examples":[{"x":1}]}""");

        Assert.Equal(400, status);
        Assert.Equal($"Expected {kind} signature method_name to be tensorflow/serving/{verb}. Was: tensorflow/serving/predict", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Predict_DeeplyNestedJson_Returns400NotACrash()
    {
        var json = "{\"instances\":" + new string('[', 5000) + new string(']', 5000) + "}";

        var (status, body) = await Host.PostJsonAsync("/v1/models/adder:predict", json);

        Assert.Equal(400, status);
        Assert.NotNull(body!["error"]);
    }

    [Fact]
    public async Task Errors_NeverLeakInternals()
    {
        var (_, body) = await Host.PostJsonAsync("/v1/models/dtypes:predict", """{"instances":[{"x_float":[1,2]}]}""");

        var message = body!["error"]!.GetValue<string>();
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("/tmp", message, StringComparison.Ordinal);
    }
}
