using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.ModelGen;

namespace ModelServing.Gateway.Tests.TensorFlowServing;

[Collection(GatewayCollection.Name)]
public sealed class PredictTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    /// <summary>The approval probability the loans model's documented coefficients imply, computed here in double precision.</summary>
    private static double Approval(double income, double cards, double age)
    {
        var z = (double)LoansModel.Intercept + ((double)LoansModel.IncomeWeight * income) + ((double)LoansModel.CreditCardsWeight * cards) + ((double)LoansModel.AgeWeight * age);
        return 1 / (1 + Math.Exp(-z));
    }

    [Theory]
    [InlineData(2000, 2, 45)]
    [InlineData(8000, 0, 30)]
    [InlineData(500, 5, 70)]
    public async Task Predict_LoansRowFormat_ReturnsProbabilitiesTheCoefficientsImply(double income, double cards, double age)
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/loans:predict", $$"""{"instances":[{"income":{{income}},"credit_cards":{{cards}},"age":{{age}}}]}""");

        Assert.Equal(200, status);
        var prediction = body!["predictions"]!.AsArray().Single()!;
        var p = Approval(income, cards, age);
        var probabilities = prediction["probabilities"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(1 - p, probabilities[0], 1e-5);
        Assert.Equal(p, probabilities[1], 1e-5);
        Assert.Equal(p >= 0.5 ? 1 : 0, prediction["approved"]!.GetValue<long>());
    }

    [Fact]
    public async Task Predict_LoansColumnarFormat_ReturnsOutputsObject()
    {
        var (status, body) = await Host.PostJsonAsync(
            "/v1/models/loans:predict",
            """{"signature_name":"serving_default","inputs":{"income":[2000,8000],"credit_cards":[2,0],"age":[45,30]}}""");

        Assert.Equal(200, status);
        var outputs = body!["outputs"]!;
        var probabilities = outputs["probabilities"]!.AsArray();
        Assert.Equal(2, probabilities.Count);
        Assert.Equal(Approval(8000, 0, 30), probabilities[1]![1]!.GetValue<double>(), 1e-5);
        Assert.Equal(2, outputs["approved"]!.AsArray().Count);
    }

    [Fact]
    public async Task Predict_VersionAndLabelRoutes_ReachThatVersion()
    {
        const string body = """{"instances":[[1,2,3]]}""";

        var (v1Status, v1) = await Host.PostJsonAsync("/v1/models/adder/versions/1:predict", body);
        var (canaryStatus, canary) = await Host.PostJsonAsync("/v1/models/adder/labels/canary:predict", body);
        var (latestStatus, latest) = await Host.PostJsonAsync("/v1/models/adder:predict", body);

        Assert.Equal(200, v1Status);
        AssertJson.Equal("[[11,12,13]]", v1!["predictions"]);
        Assert.Equal(200, canaryStatus);
        AssertJson.Equal("[[21,22,23]]", canary!["predictions"]);
        Assert.Equal(200, latestStatus);
        AssertJson.Equal("[[21,22,23]]", latest!["predictions"]);
    }

    [Fact]
    public async Task Predict_B64StringsIntoStringModel_BytesOutputComesBackAsB64()
    {
        var raw = new byte[] { 0x00, 0xFF, 0x10, 0x80, 0x41 };
        var b64 = Convert.ToBase64String(raw);

        var (status, body) = await Host.PostJsonAsync("/v1/models/strings:predict", $$"""{"instances":[{"b64":"{{b64}}"},"plain text"]}""");

        Assert.Equal(200, status);
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal(b64, predictions[0]!["text_bytes"]!["b64"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("plain text")), predictions[1]!["text_bytes"]!["b64"]!.GetValue<string>());
        Assert.Equal("plain text", predictions[1]!["text_copy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Predict_NanAndInfinityLiterals_RoundTripAsBareLiterals()
    {
        var (status, body) = await Host.PostRawAsync("/v1/models/adder:predict", """{"instances":[[NaN, Infinity, -Infinity]]}""");

        Assert.Equal(200, status);
        Assert.Equal("""{"predictions":[[NaN,Infinity,-Infinity]]}""", body);
    }

    [Fact]
    public async Task Predict_GzipBody_IsDecompressed()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("""{"instances":[[1,1,1]]}"""));
        }

        var (status, body) = await Host.PostBytesAsync("/v1/models/adder/versions/1:predict", buffer.ToArray(), "gzip");

        Assert.Equal(200, status);
        AssertJson.Equal("[[11,11,11]]", body!["predictions"]);
    }

    [Fact]
    public async Task Predict_CorruptGzipBody_Returns400()
    {
        var (status, body) = await Host.PostBytesAsync("/v1/models/adder:predict", Encoding.UTF8.GetBytes("not gzip at all"), "gzip");

        Assert.Equal(400, status);
        Assert.Contains("decompressed", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_TextOrientationRawTensor_ReturnsTwoProbabilitiesSummingToOne()
    {
        var row = string.Join(',', Enumerable.Repeat("0.5", 192));
        var plane = string.Join(',', Enumerable.Repeat($"[{row}]", 48));
        var image = string.Join(',', Enumerable.Repeat($"[{plane}]", 3));

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-orientation:predict", $$"""{"instances":[[{{image}}]]}""");

        Assert.Equal(200, status);
        var probabilities = body!["predictions"]![0]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(2, probabilities.Length);
        Assert.Equal(1.0, probabilities.Sum(), 1e-4);
    }

    [Fact]
    public async Task Predict_FixedShapeModelColumnar_Runs()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/fixed:predict", """{"inputs":[[1,2],[3,4]]}""");

        Assert.Equal(200, status);
        AssertJson.Equal("[[2,4],[6,8]]", body!["outputs"]);
    }

    [Fact]
    public async Task Predict_Vertex_StyleParametersKey_IsAccepted()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/adder/versions/1:predict", """{"instances":[[0,0,0]],"parameters":{"x":1}}""");

        Assert.Equal(200, status);
        AssertJson.Equal("[[10,10,10]]", body!["predictions"]);
    }

    [Fact]
    public async Task Predict_ConcurrentRequests_AllSucceedWithTheirOwnAnswers()
    {
        var tasks = Enumerable.Range(0, 32).Select(async i =>
        {
            var (status, body) = await Host.PostJsonAsync("/v1/models/adder/versions/1:predict", $$"""{"instances":[[{{i}},0,0]]}""");
            Assert.Equal(200, status);
            Assert.Equal(i + 10, body!["predictions"]![0]![0]!.GetValue<double>());
        });

        await Task.WhenAll(tasks);
    }

    internal static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
