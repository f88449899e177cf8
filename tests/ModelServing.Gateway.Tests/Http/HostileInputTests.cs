using System.Text;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.OpenInference;

namespace ModelServing.Gateway.Tests.Http;

/// <summary>
/// Issue 14's hostile text and numbers through every protocol on a real gateway: each is a 400 in the protocol's
/// <c>{"error": ...}</c> shape naming what was wrong, never a 500; and TF Serving's numeric and columnar rules end to end.
/// </summary>
public sealed class HostileInputTests(HostileInputFixture fixture) : IClassFixture<HostileInputFixture>
{
    private const string LoansRow = """{"income": 2000, "credit_cards": 2, "age": 45}""";

    public static TheoryData<string, string, string> UnpairedSurrogates => new()
    {
        { "/v1/models/loans:predict", $$"""{"\ud800": 1, "instances": [{{LoansRow}}]}""", "The surrogate pair in string is invalid" },
        { "/v1/models/loans:predict", """{"instances": [{"\udc00": 1}]}""", "The surrogate pair in string is invalid" },
        { "/v1/models/strings:predict", """{"instances": [{"b64": "\ud800"}]}""", "The surrogate pair in string is invalid" },
        { HostileInputFixture.VertexRoute, $$"""{"instances": [{{LoansRow}}], "\ud800": 1}""", "The surrogate pair in string is invalid" },
        { "/v2/models/loans/infer", """{"inputs": [{"name": "income\ud800", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "inputs[0].name is not valid UTF-8" },
        { "/v2/models/strings/infer", """{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["\ud800"]}]}""", "Input 'text' element 0 is not valid UTF-8" },
        { "/score/loans", """{"data": [{"income": 1, "\ud800": 2}]}""", "A key of row 0 is not valid UTF-8" },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public async Task Post_UnpairedSurrogateEscape_Gets400NamingTheField(string path, string json, string error)
    {
        var (status, body) = await fixture.Host.PostJsonAsync(path, json);

        Assert.Equal(400, status);
        Assert.Contains(error, Message(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/models/loans/infer", """{"inputs": [{"na§me": "income", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "A key of inputs[0] is not valid UTF-8")]
    [InlineData("/v2/models/strings/infer", """{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["a§"]}]}""", "Input 'text' element 0 is not valid UTF-8")]
    [InlineData("/score/loans", """{"da§ta": [[1, 2, 3]]}""", "A key of the request is not valid UTF-8")]
    [InlineData("/v1/models/loans:predict", """{"instances": [{"inc§ome": 1}]}""", "does not have named input: inc")]
    public async Task Post_InvalidUtf8Bytes_Gets400NamingTheField(string path, string json, string error)
    {
        // The marker becomes bytes that are no UTF-8 at all.
        var text = Encoding.UTF8.GetBytes(json);
        var at = text.AsSpan().IndexOf(Encoding.UTF8.GetBytes("§"));
        byte[] body = [.. text[..at], 0xFF, 0xFE, .. text[(at + 2)..]];

        var (status, response) = await fixture.Host.PostBytesAsync(path, body);

        Assert.Equal(400, status);
        Assert.Contains(error, Message(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BinaryShapeWhoseBytesOverflow_Gets400NamingTheInput()
    {
        var header = """{"inputs": [{"name": "income", "shape": [4611686018427387904], "datatype": "FP32", "parameters": {"binary_data_size": 0}}]}""";

        var (status, body, _) = await BinaryInfer.PostAsync(fixture.Host, "/v2/models/loans/infer", header, []);

        Assert.Equal(400, status);
        Assert.StartsWith("Input 'income' has shape [4611686018427387904], more elements than one tensor can hold", Message(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/models/loans:predict", """{"instances": [{"income": 1e400, "credit_cards": 2, "age": 45}]}""", "Number too big to be stored in double")]
    [InlineData("/v2/models/loans/infer", """{"inputs": [{"name": "income", "shape": [1], "datatype": "FP32", "data": [1e400]}, {"name": "credit_cards", "shape": [1], "datatype": "FP32", "data": [2]}, {"name": "age", "shape": [1], "datatype": "FP32", "data": [45]}]}""", "outside the range of a double")]
    [InlineData("/score/loans", """{"data": [[1e400, 2, 45]]}""", "Row 0: input 'income' must be a number within the range of a double")]
    public async Task Post_NumberPastTheDoubleRange_Gets400OnEveryProtocol(string path, string json, string error)
    {
        var (status, body) = await fixture.Host.PostJsonAsync(path, json);

        Assert.Equal(400, status);
        Assert.Contains(error, Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_IntegerAFloatCannotHold_IsRoundedAsCurrentTensorFlowServingDoes()
    {
        var (status, body) = await fixture.Host.PostJsonAsync("/v1/models/pair:predict", """{"inputs": {"a": [1435774380], "b": [16777217]}}""");

        // The response holds the float's shortest text (1.4357743E+09), which reads back as that float.
        Assert.Equal(200, status);
        Assert.Equal(1435774336f, (float)body!["outputs"]!["a_out"]![0]!.GetValue<double>());
        Assert.Equal(16777216f, (float)body["outputs"]!["b_out"]![0]!.GetValue<double>());
    }

    [Fact]
    public async Task Predict_ColumnarInputsDifferingInDimension0_ReachTheModel()
    {
        var (status, body) = await fixture.Host.PostJsonAsync("/v1/models/pair:predict", """{"inputs": {"a": [1, 2, 3], "b": [4]}}""");

        Assert.Equal(200, status);
        AssertJsonEqual("""{"outputs": {"a_out": [1.0, 2.0, 3.0], "b_out": [4.0]}}""", body);
    }

    [Fact]
    public async Task Predict_ColumnarInputsSharingTheBatchDimensionDiffer_Gets400NamingThem()
    {
        var (status, body) = await fixture.Host.PostJsonAsync("/v1/models/loans:predict", """{"inputs": {"income": [2000, 500], "credit_cards": [2, 5, 1], "age": [45, 70]}}""");

        Assert.Equal(400, status);
        Assert.Contains("must agree on the dimension the model names 'batch'", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_UnknownTopLevelKeyNestedPastTheDepthLimit_IsSkipped()
    {
        var deep = new string('[', 200) + new string(']', 200);

        var (status, body) = await fixture.Host.PostJsonAsync("/v1/models/loans:predict", $$$"""{"instances": [{{{LoansRow}}}], "meta": {"x": {{{deep}}}}}""");

        Assert.Equal(200, status);
        Assert.Single(body!["predictions"]!.AsArray());
    }

    private static string Message(JsonNode? body) => body!["error"]!.GetValue<string>();

    private static void AssertJsonEqual(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual?.ToJsonString());
}
