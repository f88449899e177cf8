using System.Buffers.Binary;
using System.Text;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.OpenInference;

[Collection(GatewayCollection.Name)]
public sealed class BinaryTensorDataTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Infer_BinaryInputsAndOutputs_MatchTheJsonAnswer()
    {
        var header = """
            {"inputs":[
              {"name":"income","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}},
              {"name":"credit_cards","shape":[2],"datatype":"FP32","data":[2,0]},
              {"name":"age","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}}],
             "outputs":[{"name":"probabilities","parameters":{"binary_data":true}},{"name":"approved"}]}
            """;
        byte[] binary = [.. Floats(2000, 8000), .. Floats(45, 30)];

        var (status, json, blob) = await BinaryInfer.PostAsync(Host, "/v2/models/loans/infer", header, binary);
        var (_, reference) = await Host.PostJsonAsync("/v1/models/loans:predict", """{"inputs":{"income":[2000,8000],"credit_cards":[2,0],"age":[45,30]}}""");

        Assert.Equal(200, status);
        var probabilities = json!["outputs"]![0]!;
        Assert.Equal(16, probabilities["parameters"]!["binary_data_size"]!.GetValue<int>());
        Assert.Null(probabilities["data"]);
        var expected = reference!["outputs"]!["probabilities"]!.AsArray().SelectMany(r => r!.AsArray()).Select(v => v!.GetValue<float>());
        Assert.Equal(expected, Enumerable.Range(0, 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(blob.AsSpan(i * 4))));
        Assert.Equal(16, blob.Length);
        Assert.NotNull(json["outputs"]![1]!["data"]);
    }

    [Fact]
    public async Task Infer_BinaryBytesWithBinaryDataOutput_RoundTripsLengthPrefixedStrings()
    {
        byte[][] values = [[0xFF, 0x00, 0x80], Encoding.UTF8.GetBytes("hello")];
        var binary = values.SelectMany(v => BitConverter.GetBytes(v.Length).Concat(v)).ToArray();
        var header = $$$"""{"parameters":{"binary_data_output":true},"inputs":[{"name":"text","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":{{{binary.Length}}}}}],"outputs":[{"name":"text_bytes"}]}""";

        var (status, json, blob) = await BinaryInfer.PostAsync(Host, "/v2/models/strings/infer", header, binary);

        Assert.Equal(200, status);
        Assert.Equal(binary.Length, json!["outputs"]![0]!["parameters"]!["binary_data_size"]!.GetValue<int>());
        Assert.Equal(binary, blob);
    }

    [Theory]
    [InlineData(9, 8)]
    [InlineData(7, 8)]
    [InlineData(8, 12)]
    public async Task Infer_BinarySizesThatDoNotAddUp_Return400(int declared, int sent)
    {
        var header = $$$"""{"inputs":[{"name":"income","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":{{{declared}}}}},{"name":"credit_cards","shape":[2],"datatype":"FP32","data":[2,0]},{"name":"age","shape":[2],"datatype":"FP32","data":[1,1]}]}""";

        var (status, json, _) = await BinaryInfer.PostAsync(Host, "/v2/models/loans/infer", header, new byte[sent]);

        Assert.Equal(400, status);
        Assert.False(string.IsNullOrEmpty(json!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Infer_HeaderLengthBeyondBody_Returns400()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));
        content.Headers.Add(BinaryInfer.HeaderLength, "999");
        using var response = await Host.Client.PostAsync("/v2/models/loans/infer", content);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(BinaryInfer.HeaderLength, (await GatewayHost.ReadJsonAsync(response))!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static byte[] Floats(params float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];
}
