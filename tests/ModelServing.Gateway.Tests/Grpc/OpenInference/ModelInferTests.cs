using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Inference;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Grpc.OpenInference;

/// <summary><c>ModelInfer</c> over gRPC: the same numbers, answers and messages as <c>POST /v2/models/{m}/infer</c>.</summary>
public sealed class ModelInferTests(OpenInferenceGrpcFixture fixture) : IClassFixture<OpenInferenceGrpcFixture>
{
    private const string LoansRest = """
        {"id": "req-42", "inputs": [
          {"name": "income", "shape": [2], "datatype": "FP32", "data": [2000, 8000]},
          {"name": "credit_cards", "shape": [2], "datatype": "FP32", "data": [2, 0]},
          {"name": "age", "shape": [2], "datatype": "FP32", "data": [45, 30]}]}
        """;

    private GRPCInferenceService.GRPCInferenceServiceClient Client => fixture.Client;

    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task ModelInfer_LoansTypedContents_SameNumbersAsRest()
    {
        var request = GrpcRequests.Loans([2000, 8000], [2, 0], [45, 30]);
        request.Id = "req-42";

        var response = await Client.ModelInferAsync(request);
        var (_, rest) = await Host.PostJsonAsync("/v2/models/loans/infer", LoansRest);

        Assert.Equal(("loans", "1", "req-42"), (response.ModelName, response.ModelVersion, response.Id));
        Assert.Empty(response.RawOutputContents);
        var outputs = response.Outputs.ToDictionary(o => o.Name);
        Assert.Equal(["approved", "probabilities"], outputs.Keys.Order());
        Assert.Equal(("INT64", "2"), (outputs["approved"].Datatype, string.Join(',', outputs["approved"].Shape)));
        Assert.Equal(("FP32", "2,2"), (outputs["probabilities"].Datatype, string.Join(',', outputs["probabilities"].Shape)));
        Assert.Equal(RestData(rest!, "approved").Select(v => v.GetValue<long>()), outputs["approved"].Contents.Int64Contents);
        Assert.Equal(RestData(rest!, "probabilities").Select(v => v.GetValue<float>()), outputs["probabilities"].Contents.Fp32Contents);
    }

    [Fact]
    public async Task ModelInfer_LoansRawInputContents_AnswersRawOutputContentsWithTheSameNumbers()
    {
        var request = GrpcRequests.Loans([2000, 8000], [2, 0], [45, 30]);
        foreach (var input in request.Inputs)
        {
            input.Contents = null;
        }

        request.RawInputContents.Add(GrpcRequests.Raw(2000f, 8000f));
        request.RawInputContents.Add(GrpcRequests.Raw(2f, 0f));
        request.RawInputContents.Add(GrpcRequests.Raw(45f, 30f));

        var response = await Client.ModelInferAsync(request);
        var (_, rest) = await Host.PostJsonAsync("/v2/models/loans/infer", LoansRest);

        Assert.Equal(response.Outputs.Count, response.RawOutputContents.Count);
        Assert.All(response.Outputs, o => Assert.Null(o.Contents));
        var raw = response.Outputs.Select((o, i) => (o.Name, Bytes: response.RawOutputContents[i].ToByteArray())).ToDictionary(o => o.Name, o => o.Bytes);
        Assert.Equal(RestData(rest!, "approved").Select(v => v.GetValue<long>()), GrpcRequests.Longs(raw["approved"]));
        Assert.Equal(RestData(rest!, "probabilities").Select(v => v.GetValue<float>()), GrpcRequests.Floats(raw["probabilities"]));
    }

    [Fact]
    public async Task ModelInfer_RequestedOutput_AnswersWithOnlyThatOutput()
    {
        var request = GrpcRequests.Loans([2000], [2], [45]);
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities" });

        var response = await Client.ModelInferAsync(request);

        var output = Assert.Single(response.Outputs);
        Assert.Equal("probabilities", output.Name);
        Assert.Equal([0.5249792f, 0.47502083f], output.Contents.Fp32Contents);
    }

    [Fact]
    public async Task ModelInfer_TextOrientationJpegAsBytesContents_SameAnswerAsRestBase64()
    {
        var turned = TextImages.Line("grpc turned", rotated180: true);
        var upright = TextImages.Line("grpc upright", rotated180: false);
        var request = new ModelInferRequest { ModelName = "text-orientation" };
        var image = new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "BYTES", Shape = { 2 }, Contents = new InferTensorContents() };
        image.Contents.BytesContents.Add(ByteString.CopyFrom(turned));
        image.Contents.BytesContents.Add(ByteString.CopyFrom(upright));
        request.Inputs.Add(image);

        var response = await Client.ModelInferAsync(request);
        var (_, rest) = await Host.PostJsonAsync(
            "/v2/models/text-orientation/infer",
            $$"""{"inputs":[{"name":"image","shape":[2],"datatype":"BYTES","parameters":{"content_type":"base64"},"data":["{{Convert.ToBase64String(turned)}}","{{Convert.ToBase64String(upright)}}"]}]}""");

        var output = Assert.Single(response.Outputs);
        var restOutput = rest!["outputs"]![0]!;
        Assert.Equal((restOutput["name"]!.GetValue<string>(), "BYTES", "2"), (output.Name, output.Datatype, string.Join(',', output.Shape)));
        Assert.Equal("application/json", output.Parameters["content_type"].StringParam);
        var texts = output.Contents.BytesContents.Select(b => Encoding.UTF8.GetString(b.Span)).ToArray();
        Assert.Equal(restOutput["data"]!.AsArray().Select(e => e!.GetValue<string>()), texts);
        Assert.Equal(["180", "0"], texts.Select(t => JsonNode.Parse(t)!.AsArray()[0]!["label"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ModelInfer_EveryDatatypeAsRawInputContents_RoundTripsThroughTheIdentityModel()
    {
        var request = GrpcRequests.AllTypesRaw(out var expected);

        var response = await Client.ModelInferAsync(request);

        var outputs = response.Outputs.Select((o, i) => (o.Name, o.Datatype, Raw: response.RawOutputContents[i].ToByteArray())).ToDictionary(o => o.Name);
        Assert.Equal(expected.Count, outputs.Count);
        foreach (var (suffix, (datatype, bytes)) in expected)
        {
            Assert.Equal(datatype, outputs[$"y_{suffix}"].Datatype);
            Assert.Equal(bytes, outputs[$"y_{suffix}"].Raw);
        }
    }

    [Theory]
    [InlineData("nosuch", "", StatusCode.NotFound)]
    [InlineData("loans", "9", StatusCode.NotFound)]
    [InlineData("broken", "", StatusCode.Unavailable)]
    [InlineData("loans", "one", StatusCode.InvalidArgument)]
    public async Task ModelInfer_ModelOrVersionNotServed_IsTheRestErrorAsAStatus(string model, string version, StatusCode expected)
    {
        var request = GrpcRequests.Loans([2000], [2], [45]);
        request.ModelName = model;
        request.ModelVersion = version;
        var restPath = version.Length > 0 ? $"/v2/models/{model}/versions/{version}/infer" : $"/v2/models/{model}/infer";

        var exception = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(request));
        var (_, rest) = await Host.PostJsonAsync(restPath, LoansRest);

        Assert.Equal(expected, exception.StatusCode);
        Assert.Equal(rest!["error"]!.GetValue<string>(), exception.Status.Detail);
    }

    private static IEnumerable<JsonNode> RestData(JsonNode rest, string output) =>
        rest["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == output)!["data"]!.AsArray().Select(v => v!);
}
