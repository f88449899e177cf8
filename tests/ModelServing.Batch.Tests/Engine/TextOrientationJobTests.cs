using System.Text.Json.Nodes;
using ModelServing.Batch.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Engine;

[Collection(ServingCollection.Name)]
public sealed class TextOrientationJobTests(ServingFixture serving)
{
    private static readonly string Upright = TestPaths.Sample("text-line.jpg");
    private static readonly string Flipped = TestPaths.Sample("text-line-180.jpg");

    [Fact]
    public async Task FileListReadsLocalPathsAndFileUris()
    {
        using var scratch = new ScratchDirectory();
        var missing = scratch.Combine("missing.jpg");
        var list = scratch.File("images.txt", $"{Upright}\nfile://{Flipped}\n{missing}\ngs://bucket/x.jpg\n");
        var spec = Spec(scratch, list, BatchInputFormat.FileList);

        var summary = await serving.TextOrientation.Engine.RunAsync(spec, null, CancellationToken.None);

        Assert.Equal((2L, 2L), (summary.Succeeded, summary.Failed));
        var results = OutputLines.Results(spec.OutputDirectory);
        Assert.Equal([Upright, "file://" + Flipped], results.Select(r => r["instance"]!.GetValue<string>()));
        Assert.Equal(["0", "180"], results.Select(TopLabel));
        var errors = OutputLines.Errors(spec.OutputDirectory);
        Assert.Equal(404, errors[0]["error"]!["code"]!.GetValue<int>());
        Assert.Equal(missing, errors[0]["instance"]!.GetValue<string>());
        Assert.Contains("unsupported URI scheme", errors[1]["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TfRecordsOfJpegsPredictAndACorruptRecordIsAnError(bool gzip)
    {
        using var scratch = new ScratchDirectory();
        var jpegs = new[] { File.ReadAllBytes(Upright), File.ReadAllBytes(Flipped), File.ReadAllBytes(Upright), File.ReadAllBytes(Flipped) };
        var path = scratch.Combine(gzip ? "images.tfrecord.gz" : "images.tfrecord");
        TfRecordFiles.Write(path, jpegs, gzip, corruptDataOf: 2);
        var spec = Spec(scratch, path, gzip ? BatchInputFormat.TfRecordGzip : BatchInputFormat.TfRecord);

        var summary = await serving.TextOrientation.Engine.RunAsync(spec, null, CancellationToken.None);

        Assert.Equal((3L, 1L), (summary.Succeeded, summary.Failed));
        var results = OutputLines.Results(spec.OutputDirectory);
        Assert.Equal(["0", "180", "180"], results.Select(TopLabel));
        Assert.Equal(Convert.ToBase64String(jpegs[0]), results[0]["instance"]!["b64"]!.GetValue<string>());
        var error = Assert.Single(OutputLines.Errors(spec.OutputDirectory));
        Assert.Contains("record 2 has corrupt data (CRC mismatch)", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BytesThatAreNotAnImageFailAlone()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Combine("mixed.tfrecord");
        TfRecordFiles.Write(path, [File.ReadAllBytes(Upright), "not an image"u8.ToArray(), File.ReadAllBytes(Flipped)]);
        var spec = Spec(scratch, path, BatchInputFormat.TfRecord);

        var summary = await serving.TextOrientation.Engine.RunAsync(spec, null, CancellationToken.None);

        Assert.Equal((2L, 1L), (summary.Succeeded, summary.Failed));
        Assert.Equal(["0", "180"], OutputLines.Results(spec.OutputDirectory).Select(TopLabel));
        Assert.Equal(400, Assert.Single(OutputLines.Errors(spec.OutputDirectory))["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task FileListBytesPredictExactlyAsTheSameBytesSentAsB64JsonLines()
    {
        using var scratch = new ScratchDirectory();
        var notImage = scratch.File("not-an-image.jpg", "not an image");
        string[] files = [Upright, Flipped, notImage, Flipped, Upright];
        var list = scratch.File("images.txt", string.Join('\n', files));
        var jsonl = scratch.File("images.jsonl", string.Join('\n', files.Select(f => $"{{\"b64\":\"{Convert.ToBase64String(File.ReadAllBytes(f))}\"}}")));
        var direct = Spec(scratch, list, BatchInputFormat.FileList);
        var viaJson = Spec(scratch, jsonl, BatchInputFormat.JsonLines) with { OutputDirectory = scratch.Combine("out-json") };

        var directSummary = await serving.TextOrientation.Engine.RunAsync(direct, null, CancellationToken.None);
        var jsonSummary = await serving.TextOrientation.Engine.RunAsync(viaJson, null, CancellationToken.None);

        Assert.Equal((4L, 1L), (directSummary.Succeeded, directSummary.Failed));
        Assert.Equal((4L, 1L), (jsonSummary.Succeeded, jsonSummary.Failed));
        Assert.Equal(
            OutputLines.Results(viaJson.OutputDirectory).Select(r => r["prediction"]!.ToJsonString()),
            OutputLines.Results(direct.OutputDirectory).Select(r => r["prediction"]!.ToJsonString()));
        Assert.Equal(["0", "180", "180", "0"], OutputLines.Results(direct.OutputDirectory).Select(TopLabel));
        Assert.Equal(
            OutputLines.Errors(viaJson.OutputDirectory).Single()["error"]!.ToJsonString(),
            OutputLines.Errors(direct.OutputDirectory).Single()["error"]!.ToJsonString());
    }

    private static string TopLabel(JsonNode result) => result["prediction"]!.AsArray()[0]!["label"]!.GetValue<string>();

    private static BatchJobSpec Spec(ScratchDirectory scratch, string input, BatchInputFormat format) => new()
    {
        Model = "text-orientation",
        Inputs = [input],
        Format = format,
        OutputDirectory = scratch.Combine("out"),
        Workers = 2,
        BatchSize = 2,
    };
}
