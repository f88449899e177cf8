using System.Text.Json.Nodes;
using Google.Protobuf;
using ModelServing.Gateway.Tests.TestSupport;
using Tensorflow;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Grpc.TensorFlowServing;

[Collection(TfGrpcCollection.Name)]
public sealed class PredictionServiceTests(TfGrpcFixture fixture)
{
    private static PredictRequest Loans(TensorProto income, TensorProto cards, TensorProto age) => new()
    {
        ModelSpec = new ModelSpec { Name = "loans" },
        Inputs = { ["income"] = income, ["credit_cards"] = cards, ["age"] = age },
    };

    private async Task<JsonNode> RestLoansAsync()
    {
        var (status, body) = await fixture.Host.PostJsonAsync("/v1/models/loans:predict", """{"inputs":{"income":[2000,8000],"credit_cards":[2,0],"age":[45,30]}}""");
        Assert.Equal(200, status);
        return body!["outputs"]!;
    }

    private static void AssertSameAsRest(JsonNode rest, PredictResponse response)
    {
        Assert.Equal(rest["approved"]!.AsArray().Select(v => v!.GetValue<long>()), TfGrpcFixture.LongsOf(response.Outputs["approved"]));
        Assert.Equal(rest["probabilities"]!.AsArray().SelectMany(r => r!.AsArray()).Select(v => v!.GetValue<float>()), TfGrpcFixture.FloatsOf(response.Outputs["probabilities"]));
        Assert.Equal([2L, 2], response.Outputs["probabilities"].TensorShape.Dim.Select(d => d.Size));
        Assert.Equal(DataType.DtInt64, response.Outputs["approved"].Dtype);
    }

    [Fact]
    public async Task Predict_LoansWithFloatVal_AnswersAsRest()
    {
        var rest = await RestLoansAsync();

        var response = await fixture.Prediction.PredictAsync(Loans(TfGrpcFixture.Floats(2000, 8000), TfGrpcFixture.Floats(2, 0), TfGrpcFixture.Floats(45, 30)));

        AssertSameAsRest(rest, response);
        Assert.Equal("loans", response.ModelSpec.Name);
        Assert.Equal(1L, response.ModelSpec.Version);
        Assert.Equal("serving_default", response.ModelSpec.SignatureName);
    }

    [Fact]
    public async Task Predict_LoansWithTensorContent_AnswersAsRest()
    {
        var rest = await RestLoansAsync();

        var response = await fixture.Prediction.PredictAsync(Loans(
            TfGrpcFixture.PackedFloats([2000, 8000], 2), TfGrpcFixture.PackedFloats([2, 0], 2), TfGrpcFixture.PackedFloats([45, 30], 2)));

        AssertSameAsRest(rest, response);
    }

    [Fact]
    public async Task Predict_TextOrientationJpegBytesInStringVal_SameLabelsAsRestBase64()
    {
        var upright = TextImages.Line("gRPC sends raw bytes", rotated180: false);
        var turned = TextImages.Line("gRPC sends raw bytes", rotated180: true);
        var (status, rest) = await fixture.Host.PostJsonAsync("/v1/models/text-orientation:predict",
            $$"""{"instances":[{"b64":"{{Convert.ToBase64String(upright)}}"},{"b64":"{{Convert.ToBase64String(turned)}}"}]}""");
        Assert.Equal(200, status);
        var image = new TensorProto { Dtype = DataType.DtString, TensorShape = TfGrpcFixture.Shape(2), StringVal = { ByteString.CopyFrom(upright), ByteString.CopyFrom(turned) } };

        var response = await fixture.Prediction.PredictAsync(new PredictRequest { ModelSpec = new ModelSpec { Name = "text-orientation" }, Inputs = { ["image"] = image } });

        var orientation = response.Outputs["orientation"];
        Assert.Equal(DataType.DtString, orientation.Dtype);
        var labels = orientation.StringVal.Select(s => JsonNode.Parse(s.ToStringUtf8())!.AsArray().Select(l => l!["label"]!.GetValue<string>()).ToArray()).ToArray();
        Assert.Equal(["0", "180"], labels[0]);
        Assert.Equal(["180", "0"], labels[1]);
        for (var i = 0; i < 2; i++)
        {
            AssertJson.Equal(rest!["predictions"]![i]!.ToJsonString(), JsonNode.Parse(orientation.StringVal[i].ToStringUtf8()));
        }
    }

    [Theory]
    [InlineData(1L, null, 11f)]
    [InlineData(2L, null, 21f)]
    [InlineData(null, "stable", 11f)]
    [InlineData(null, "canary", 21f)]
    public async Task Predict_VersionOrLabel_RunsThatVersion(long? version, string? label, float first)
    {
        var spec = new ModelSpec { Name = "adder" };
        if (version is { } v)
        {
            spec.Version = v;
        }
        else
        {
            spec.VersionLabel = label;
        }

        var response = await fixture.Prediction.PredictAsync(new PredictRequest { ModelSpec = spec, Inputs = { ["x"] = TfGrpcFixture.PackedFloats([1, 2, 3], 1, 3) } });

        Assert.Equal(first, TfGrpcFixture.FloatsOf(response.Outputs["y"])[0]);
        Assert.Equal((long)(first - 1) / 10, response.ModelSpec.Version);
    }

    [Fact]
    public async Task Predict_OutputFilter_ReturnsOnlyTheNamedOutputs()
    {
        var request = Loans(TfGrpcFixture.Floats(2000), TfGrpcFixture.Floats(2), TfGrpcFixture.Floats(45));
        request.OutputFilter.Add("probabilities");

        var response = await fixture.Prediction.PredictAsync(request);

        Assert.Equal(["probabilities"], response.Outputs.Keys);
    }

    [Fact]
    public async Task GetModelMetadata_Loans_SignatureDefAsRestMetadata()
    {
        var (_, rest) = await fixture.Host.GetJsonAsync("/v1/models/loans/metadata");
        var restSignature = rest!["metadata"]!["signature_def"]!["signature_def"]!["serving_default"]!;

        var response = await fixture.Prediction.GetModelMetadataAsync(new GetModelMetadataRequest { ModelSpec = new ModelSpec { Name = "loans" }, MetadataField = { "signature_def" } });

        Assert.Equal("loans", response.ModelSpec.Name);
        Assert.Equal(1L, response.ModelSpec.Version);
        var signature = response.Metadata["signature_def"].Unpack<SignatureDefMap>().SignatureDef["serving_default"];
        Assert.Equal(restSignature["method_name"]!.GetValue<string>(), signature.MethodName);
        foreach (var (kind, infos) in new[] { ("inputs", signature.Inputs), ("outputs", signature.Outputs) })
        {
            var restInfos = restSignature[kind]!.AsObject();
            Assert.Equal(restInfos.Select(p => p.Key).Order(), infos.Keys.Order());
            foreach (var (name, info) in infos)
            {
                Assert.Equal(restInfos[name]!["dtype"]!.GetValue<string>(), TensorProtoName(info.Dtype));
                Assert.Equal(restInfos[name]!["tensor_shape"]!["dim"]!.AsArray().Select(d => long.Parse(d!["size"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)), info.TensorShape.Dim.Select(d => d.Size));
                Assert.Equal(restInfos[name]!["name"]!.GetValue<string>(), info.Name);
            }
        }
    }

    private static string TensorProtoName(DataType dtype) => TypesReflection.Descriptor.EnumTypes[0].FindValueByNumber((int)dtype).Name;
}
