using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.OpenInference;

[Collection(GatewayCollection.Name)]
public sealed class OpenInferenceTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Health_LiveAndServerMetadata_AnswerWithExtensions()
    {
        var (live, liveBody) = await Host.GetJsonAsync("/v2/health/live");
        var (meta, metaBody) = await Host.GetJsonAsync("/v2");

        Assert.Equal(200, live);
        Assert.True(liveBody!["live"]!.GetValue<bool>());
        Assert.Equal(200, meta);
        Assert.Equal("modelserving", metaBody!["name"]!.GetValue<string>());
        Assert.Contains("binary_tensor_data", metaBody["extensions"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task Health_Ready_IsFalseWhileABrokenModelHasNoAvailableVersion()
    {
        var (status, body) = await Host.GetJsonAsync("/v2/health/ready");

        Assert.Equal(503, status);
        Assert.False(body!["ready"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("/v2/models/loans")]
    [InlineData("/v2/models/loans/versions/1")]
    public async Task ModelMetadata_Loans_ListsInputsAndOutputsWithV2Datatypes(string path)
    {
        var (status, body) = await Host.GetJsonAsync(path);

        Assert.Equal(200, status);
        Assert.Equal("loans", body!["name"]!.GetValue<string>());
        Assert.Equal(["1"], body["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["income", "credit_cards", "age"], body["inputs"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.All(body["inputs"]!.AsArray(), i => Assert.Equal("FP32", i!["datatype"]!.GetValue<string>()));
        AssertJson.Equal("[-1]", body["inputs"]![0]!["shape"]);
        var outputs = body["outputs"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>(), o => o!["datatype"]!.GetValue<string>());
        Assert.Equal("INT64", outputs["approved"]);
        Assert.Equal("FP32", outputs["probabilities"]);
    }

    [Theory]
    [InlineData("/v2/models/loans/ready", 200)]
    [InlineData("/v2/models/loans/versions/1/ready", 200)]
    [InlineData("/v2/models/loans/versions/7/ready", 404)]
    [InlineData("/v2/models/nosuch/ready", 404)]
    [InlineData("/v2/models/broken/ready", 400)]
    [InlineData("/v2/models/loans/versions/one/ready", 400)]
    public async Task ModelReady_AnswersWithTheStatusCode(string path, int expected)
    {
        var (status, body) = await Host.GetJsonAsync(path);

        Assert.Equal(expected, status);
        if (expected == 404 || path.EndsWith("one/ready", StringComparison.Ordinal))
        {
            Assert.False(string.IsNullOrEmpty(body!["error"]!.GetValue<string>()));
        }
        else
        {
            Assert.Equal(expected == 200, body!["ready"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task Infer_Loans_EchoesIdAndAgreesWithTensorFlowServingPredict()
    {
        const string V2 = """
            {"id": "req-42", "inputs": [
              {"name": "income", "shape": [2], "datatype": "FP32", "data": [2000, 8000]},
              {"name": "credit_cards", "shape": [2], "datatype": "FP32", "data": [2, 0]},
              {"name": "age", "shape": [2], "datatype": "FP32", "data": [45, 30]}]}
            """;

        var (status, body) = await Host.PostJsonAsync("/v2/models/loans/infer", V2);
        var (_, tf) = await Host.PostJsonAsync("/v1/models/loans:predict", """{"inputs":{"income":[2000,8000],"credit_cards":[2,0],"age":[45,30]}}""");

        Assert.Equal(200, status);
        Assert.Equal("req-42", body!["id"]!.GetValue<string>());
        Assert.Equal("loans", body["model_name"]!.GetValue<string>());
        Assert.Equal("1", body["model_version"]!.GetValue<string>());
        var outputs = body["outputs"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>(), o => o!);
        AssertJson.Equal("[2,2]", outputs["probabilities"]["shape"]);
        AssertJson.Equal("[2]", outputs["approved"]["shape"]);
        var flat = tf!["outputs"]!["probabilities"]!.AsArray().SelectMany(r => r!.AsArray()).Select(v => v!.GetValue<double>());
        Assert.Equal(flat, outputs["probabilities"]["data"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(tf["outputs"]!["approved"]!.AsArray().Select(v => v!.GetValue<long>()), outputs["approved"]["data"]!.AsArray().Select(v => v!.GetValue<long>()));
    }

    [Fact]
    public async Task Infer_OutputsSelection_ReturnsOnlyTheRequestedOutputNestedDataAccepted()
    {
        const string V2 = """
            {"inputs": [
              {"name": "income", "shape": [1], "datatype": "FP32", "data": [[2000]]},
              {"name": "credit_cards", "shape": [1], "datatype": "FP32", "data": [2]},
              {"name": "age", "shape": [1], "datatype": "FP32", "data": [45]}],
             "outputs": [{"name": "approved"}]}
            """;

        var (status, body) = await Host.PostJsonAsync("/v2/models/loans/infer", V2);

        Assert.Equal(200, status);
        Assert.Null(body!["id"]);
        var output = Assert.Single(body["outputs"]!.AsArray())!;
        Assert.Equal("approved", output["name"]!.GetValue<string>());
        Assert.Equal("INT64", output["datatype"]!.GetValue<string>());
    }

    [Fact]
    public async Task Infer_EveryDatatype_RoundTripsThroughTheIdentityModel()
    {
        (string Suffix, string Datatype, string Data)[] cases =
        [
            ("bool", "BOOL", "[true,false,false,true]"),
            ("uint8", "UINT8", "[0,255,1,2]"),
            ("uint16", "UINT16", "[0,65535,1,2]"),
            ("uint32", "UINT32", "[0,4294967295,1,2]"),
            ("uint64", "UINT64", "[0,18446744073709551615,1,2]"),
            ("int8", "INT8", "[-128,127,0,1]"),
            ("int16", "INT16", "[-32768,32767,0,1]"),
            ("int32", "INT32", "[-2147483648,2147483647,0,1]"),
            ("int64", "INT64", "[-9223372036854775808,9223372036854775807,0,1]"),
            ("float16", "FP16", "[0.5,-2048,1,2]"),
            ("float", "FP32", "[1.5,-2.25,0,3.4028235E+38]"),
            ("double", "FP64", "[1.0000000000000002,-1E+300,0,5E-324]"),
            ("string", "BYTES", "[\"a\",\"\u00e9t\u00e9\",\"\",\"z\"]"),
        ];
        var allSuffixes = new[] { "bfloat16" };
        var inputs = string.Join(',', cases.Select(c => $$"""{"name":"x_{{c.Suffix}}","shape":[2,2],"datatype":"{{c.Datatype}}","data":{{c.Data}}}""")
            .Concat(allSuffixes.Select(s => $$"""{"name":"x_{{s}}","shape":[2,2],"datatype":"BF16","data":[1,-3,0,2]}""")));

        var (status, body) = await Host.PostJsonAsync("/v2/models/dtypes/infer", $$"""{"inputs":[{{inputs}}]}""");

        Assert.Equal(200, status);
        var outputs = body!["outputs"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>(), o => o!);
        foreach (var (suffix, datatype, data) in cases)
        {
            var output = outputs[$"y_{suffix}"];
            Assert.Equal(datatype, output["datatype"]!.GetValue<string>());
            AssertJson.Equal("[2,2]", output["shape"]);
            AssertJson.Equal(data, output["data"]);
        }
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"x_int8","shape":[1,2],"datatype":"INT8","data":[128,0]}]}""", "x_int8")]
    [InlineData("""{"inputs":[{"name":"x_uint8","shape":[1,2],"datatype":"UINT8","data":[-1,0]}]}""", "x_uint8")]
    [InlineData("""{"inputs":[{"name":"x_bool","shape":[1,2],"datatype":"BOOL","data":[1,0]}]}""", "x_bool")]
    [InlineData("""{"inputs":[{"name":"x_float","shape":[1,2],"datatype":"FP32","data":["x",0]}]}""", "x_float")]
    [InlineData("""{"inputs":[{"name":"x_float","shape":[1,3],"datatype":"FP32","data":[1,2]}]}""", "x_float")]
    [InlineData("""{"inputs":[{"name":"x_float","shape":[1,1],"datatype":"FP32","data":[1,2]}]}""", "x_float")]
    [InlineData("""{"inputs":[{"name":"x_float","shape":[1,2],"datatype":"FP64","data":[1,2]}]}""", "x_float")]
    [InlineData("""{"inputs":[{"name":"x_float","shape":[1,2],"datatype":"FLOAT","data":[1,2]}]}""", "FLOAT")]
    [InlineData("""{"inputs":[{"name":"x_float","shape":[1,2],"datatype":"FP32"}]}""", "x_float")]
    [InlineData("""{"inputs":[{"name":"x_float","shape":[1000000000000],"datatype":"FP32","data":[1]}]}""", "x_float")]
    [InlineData("""{"inputs":[{"name":"x_float","datatype":"FP32","data":[1]}]}""", "shape")]
    [InlineData("""{"inputs":[]}""", "inputs")]
    [InlineData("""{"inputs":[{"name":"x_float","shape":[1,2],"datatype":"FP32","data":[1,2]}""", "JSON")]
    public async Task Infer_BadRequest_Returns400InV2ErrorShapeNamingTheProblem(string json, string named)
    {
        var (status, body) = await Host.PostJsonAsync("/v2/models/dtypes/infer", json);

        Assert.Equal(400, status);
        Assert.Single(body!.AsObject());
        Assert.Contains(named, body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_ShapeTheModelDoesNotAccept_Returns400()
    {
        var (status, body) = await Host.PostJsonAsync(
            "/v2/models/loans/infer",
            """{"inputs":[{"name":"income","shape":[1,1],"datatype":"FP32","data":[1]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[1]},{"name":"age","shape":[1],"datatype":"FP32","data":[1]}]}""");

        Assert.Equal(400, status);
        Assert.Contains("income", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/models/nosuch/infer", 404)]
    [InlineData("/v2/models/loans/versions/9/infer", 404)]
    [InlineData("/v2/models/broken/infer", 503)]
    public async Task Infer_ModelOrVersionNotServed_AnswersV2Error(string path, int expected)
    {
        var (status, body) = await Host.PostJsonAsync(path, """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":[1]}]}""");

        Assert.Equal(expected, status);
        Assert.IsType<JsonObject>(body);
        Assert.False(string.IsNullOrEmpty(body!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Infer_UnknownOutputRequested_Returns400NamingIt()
    {
        var (status, body) = await Host.PostJsonAsync(
            "/v2/models/strings/infer", """{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":["a"]}],"outputs":[{"name":"nope"}]}""");

        Assert.Equal(400, status);
        Assert.Contains("nope", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
