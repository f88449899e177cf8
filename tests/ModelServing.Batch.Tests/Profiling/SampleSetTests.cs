using ModelServing.Batch.Tests.TestSupport;
using ModelServing.BatchCli.Profiling;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Batch.Tests.Profiling;

[Collection(ServingCollection.Name)]
public sealed class SampleSetTests(ServingFixture serving)
{
    [Fact]
    public async Task Load_NoFilesNumericSignature_GeneratesRowsThatRunThroughTheModel()
    {
        using var lease = serving.Loans.Inference.Acquire("loans", VersionSelector.Latest);

        var samples = SampleSet.Load([], lease.Signature, 3);

        Assert.StartsWith("generated", samples.Source, StringComparison.Ordinal);
        Assert.True(samples.Requests.Count > 1);
        foreach (var request in samples.Requests)
        {
            Assert.Equal(["age", "credit_cards", "income"], request.Keys.Order(StringComparer.Ordinal));
            Assert.All(request.Values, t => Assert.Equal([3L], t.Shape));
            Assert.Equal(3, SampleSet.ItemsOf(request));
        }

        Assert.NotEqual(samples.Requests[0]["income"].As<float>(), samples.Requests[1]["income"].As<float>());
        // Each request has the row JSON body a caller would post, decoding to the same values.
        Assert.Equal(samples.Requests.Count, samples.Bodies.Count);
        Assert.StartsWith("{\"instances\":[{", System.Text.Encoding.UTF8.GetString(samples.Bodies[1]), StringComparison.Ordinal);
        var decoded = PredictRequestReader.Read(samples.Bodies[1], lease.Signature).Inputs;
        Assert.Equal(samples.Requests[1]["income"].As<float>(), decoded["income"].As<float>());
        Assert.Equal(samples.Requests[1]["age"].Data, decoded["age"].Data);
        var result = await serving.Loans.Inference.InferAsync(lease, samples.Requests[0], null, CancellationToken.None);
        Assert.Equal([3L], result.Outputs.Single(o => o.Key == "approved").Value.Shape);
    }

    [Fact]
    public void Load_JsonlFile_GroupsInstancesIntoRequests()
    {
        using var scratch = new ScratchDirectory();
        var file = scratch.File("loans.jsonl", string.Join('\n', Enumerable.Range(0, 5).Select(i => $"{{\"income\":{i},\"credit_cards\":1,\"age\":30}}")));
        using var lease = serving.Loans.Inference.Acquire("loans", VersionSelector.Latest);

        var samples = SampleSet.Load([file], lease.Signature, 2);

        Assert.Equal([2L, 2L, 1L], samples.Requests.Select(SampleSet.ItemsOf));
        Assert.Equal([4f], samples.Requests[2]["income"].As<float>());
    }

    [Fact]
    public void Load_ImagesForTextOrientation_PutsItemsPerRequestIntoTheImageInput()
    {
        using var lease = serving.TextOrientation.Inference.Acquire("text-orientation", VersionSelector.Latest);

        var samples = SampleSet.Load([TestPaths.Sample("text-line.jpg"), TestPaths.Sample("text-line-180.jpg")], lease.Signature, 8);

        Assert.Equal(2, samples.Requests.Count);
        var image = Assert.Single(samples.Requests[0]);
        Assert.Equal(TensorDataType.String, image.Value.DataType);
        Assert.Equal([8L], image.Value.Shape);
        var body = System.Text.Json.Nodes.JsonNode.Parse(samples.Bodies[0])!["instances"]!.AsArray();
        Assert.Equal(8, body.Count);
        Assert.All(body.Select((instance, i) => (instance, i)), x =>
            Assert.Equal(image.Value.As<byte[]>()[x.i], Convert.FromBase64String((string)x.instance!["b64"]!)));
    }

    [Fact]
    public void Load_PredictBodyNotForTheModel_FailsNamingTheFileAndTheProblem()
    {
        using var scratch = new ScratchDirectory();
        var file = scratch.File("bad.json", "{\"instances\":[{\"income\":2000,\"age\":45}]}");
        using var lease = serving.Loans.Inference.Acquire("loans", VersionSelector.Latest);

        var error = Assert.Throws<SampleException>(() => SampleSet.Load([file], lease.Signature, 1));

        Assert.Contains("bad.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("credit_cards", error.Message, StringComparison.Ordinal);
    }
}
