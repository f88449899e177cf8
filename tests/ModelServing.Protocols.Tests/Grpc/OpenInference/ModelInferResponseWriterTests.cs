using System.Text;
using System.Text.Json.Nodes;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Grpc.OpenInference;
using ModelServing.Protocols.OpenInference;

namespace ModelServing.Protocols.Tests.Grpc.OpenInference;

public sealed class ModelInferResponseWriterTests
{
    private static readonly InferenceResult s_result = new("loans", 3,
    [
        new("approved", TensorData.Create(TensorDataType.Int64, new long[] { 0, 1 }, 2)),
        new("probabilities", TensorData.FromFloats([0.25f, 0.75f, 0.5f, 0.5f], 2, 2)),
    ]);

    [Fact]
    public void Write_TypedRequest_AnswersWithTypedContents()
    {
        var request = new InferRequest("7", new Dictionary<string, TensorData>(), [], BinaryOutputs: false);

        var response = ModelInferResponseWriter.Write(request, s_result, InferResponseWriter.Select(request, s_result));

        Assert.Equal(("loans", "3", "7"), (response.ModelName, response.ModelVersion, response.Id));
        Assert.Empty(response.RawOutputContents);
        Assert.Equal(["approved", "probabilities"], response.Outputs.Select(o => o.Name));
        Assert.Equal("INT64", response.Outputs[0].Datatype);
        Assert.Equal([2L], response.Outputs[0].Shape);
        Assert.Equal([0L, 1], response.Outputs[0].Contents.Int64Contents);
        Assert.Equal("FP32", response.Outputs[1].Datatype);
        Assert.Equal([2L, 2], response.Outputs[1].Shape);
        Assert.Equal([0.25f, 0.75f, 0.5f, 0.5f], response.Outputs[1].Contents.Fp32Contents);
    }

    [Fact]
    public void Write_RawRequestAskingForOneOutput_AnswersWithItsRawOutputContentsOnly()
    {
        var request = new InferRequest(null, new Dictionary<string, TensorData>(), [new RequestedOutput("probabilities", null)], BinaryOutputs: true);

        var response = ModelInferResponseWriter.Write(request, s_result, InferResponseWriter.Select(request, s_result));

        Assert.Equal(string.Empty, response.Id);
        var output = Assert.Single(response.Outputs);
        Assert.Null(output.Contents);
        Assert.Equal([0.25f, 0.75f, 0.5f, 0.5f], Floats(Assert.Single(response.RawOutputContents).ToByteArray()));
    }

    [Fact]
    public void Write_Fp16Output_PutsEveryOutputInRawOutputContents()
    {
        var result = new InferenceResult("m", 1,
        [
            new("n", TensorData.Create(TensorDataType.Int32, new[] { 5 }, 1)),
            new("h", TensorData.Create(TensorDataType.Float16, new[] { (Half)1.5 }, 1)),
        ]);
        var request = new InferRequest(null, new Dictionary<string, TensorData>(), [], BinaryOutputs: false);

        var response = ModelInferResponseWriter.Write(request, result, InferResponseWriter.Select(request, result));

        Assert.All(response.Outputs, o => Assert.Null(o.Contents));
        Assert.Equal([[5, 0, 0, 0], BitConverter.GetBytes((Half)1.5)], response.RawOutputContents.Select(b => b.ToByteArray()));
    }

    [Fact]
    public void Write_ServingFunctionOutput_IsBytesOfJsonTextsMarkedAsJson()
    {
        var labels = JsonNode.Parse("""[{"label":"180","score":0.9}]""");
        var result = new InferenceResult("text-orientation", 1, [new("orientation", TensorData.Create(TensorDataType.Json, new[] { labels }, 1))]);
        var request = new InferRequest(null, new Dictionary<string, TensorData>(), [], BinaryOutputs: false);

        var response = ModelInferResponseWriter.Write(request, result, InferResponseWriter.Select(request, result));

        var output = Assert.Single(response.Outputs);
        Assert.Equal("BYTES", output.Datatype);
        Assert.Equal("application/json", output.Parameters["content_type"].StringParam);
        Assert.Equal("""[{"label":"180","score":0.9}]""", Encoding.UTF8.GetString(Assert.Single(output.Contents.BytesContents).Span));
    }

    [Fact]
    public void Create_Metadata_ListsVersionsPlatformDatatypesAndShapes()
    {
        var signature = new ModelSignature([new TensorSpec("x", TensorDataType.Float, -1, 3)], [new TensorSpec("y", TensorDataType.Int64, -1)]);
        var metadata = new ModelMetadata("m", 2, signature, "cpu", null, []);

        var response = ModelMetadataMessage.Create(metadata, [1, 2]);

        Assert.Equal(("m", "onnxruntime_onnx"), (response.Name, response.Platform));
        Assert.Equal(["1", "2"], response.Versions);
        Assert.Equal(("x", "FP32", "-1,3"), (response.Inputs[0].Name, response.Inputs[0].Datatype, string.Join(',', response.Inputs[0].Shape)));
        Assert.Equal(("y", "INT64", "-1"), (response.Outputs[0].Name, response.Outputs[0].Datatype, string.Join(',', response.Outputs[0].Shape)));
    }

    private static float[] Floats(byte[] bytes) =>
        [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToSingle(bytes, i * 4))];
}
