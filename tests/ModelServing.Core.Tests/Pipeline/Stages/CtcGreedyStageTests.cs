using System.Text;
using System.Text.Json.Nodes;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.Core.Tests.TestSupport;

namespace ModelServing.Core.Tests.Pipeline.Stages;

/// <summary><c>ctcGreedy</c> on the real PP-OCRv4 recognizer's output, and its config errors.</summary>
public sealed class CtcGreedyStageTests(RecognizerModel model) : IClassFixture<RecognizerModel>, IDisposable
{
    private static readonly ServingStageRegistry s_registry = new ServiceCollectionRegistry().Registry;

    private readonly string _directory = Directory.CreateTempSubdirectory("ctc-stage-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (IOutputStageDefinition? Definition, IReadOnlyList<string> Errors) Parse(string parameters)
    {
        var json = $$$"""{"servingFunction": {"outputs": [{"stage": "ctcGreedy", "name": "text", "tensor": "y", "params": {{{parameters}}}}]}}""";
        var (config, errors) = ModelConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "m/config.json", s_registry, _directory);
        return (config?.ServingFunction?.Outputs.Single(), errors.Select(e => e.ToString()).ToList());
    }

    private IOutputStage RealStage(bool spaceCharacter = true)
    {
        File.Copy(Path.Combine(model.Assets, "ppocr_keys_v1.txt"), Path.Combine(_directory, "ppocr_keys_v1.txt"), overwrite: true);
        var (definition, errors) = Parse($$"""{"dictionary": "ppocr_keys_v1.txt", "spaceCharacter": {{(spaceCharacter ? "true" : "false")}}}""");
        Assert.Empty(errors);
        return definition!.Build(model.Runner.Signature.Outputs.Single(), "text");
    }

    [Fact]
    public async Task Process_RealRecognizerOutputForRenderedLines_ReadsEachLineExactly()
    {
        // Arrange: three lines of different widths in one batch, the narrower padded with 0 as PaddleOCR pads.
        string[] texts = ["Serving ONNX models 2026", "Invoice 12345", "Total: 99.50"];
        var stage = RealStage();
        var probabilities = await model.RecognizeAsync(texts);

        // Act
        var result = stage.Process(probabilities, new ServingContext());

        // Assert
        Assert.Equal([texts.Length], result.Shape);
        var rows = result.As<JsonNode?>();
        Assert.Equal(texts, rows.Select(r => r!["text"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.InRange(r!["confidence"]!.GetValue<float>(), 0.8f, 1f));
    }

    [Fact]
    public void Build_RealModelWithoutTheSpaceClass_IsALoadErrorCountingTheClasses()
    {
        var ex = Assert.Throws<ModelLoadException>(() => RealStage(spaceCharacter: false));

        Assert.Contains("has 6625 classes but the dictionary gives 6624 (the blank, 6623 characters)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("params.spaceCharacter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NotARank3FloatTensor_IsALoadError()
    {
        File.WriteAllText(Path.Combine(_directory, "keys.txt"), "a\nb\n");
        var (definition, _) = Parse("""{"dictionary": "keys.txt"}""");

        var ex = Assert.Throws<ModelLoadException>(() => definition!.Build(new TensorSpec("y", TensorDataType.Float, -1, 4), "text"));

        Assert.Equal("stage 'ctcGreedy' needs float class probabilities [N,T,C], but 'y' is DT_FLOAT [-1,4]", ex.Message);
    }

    [Fact]
    public void Parse_BadParameters_AreAllReportedWithTheirFields()
    {
        File.WriteAllText(Path.Combine(_directory, "gaps.txt"), "a\n\nb\n");

        var missing = Parse("""{"spaceCharacter": "yes", "alphabet": "x"}""").Errors;
        var outside = Parse("""{"dictionary": "../keys.txt"}""").Errors;
        var absent = Parse("""{"dictionary": "nope.txt"}""").Errors;
        var gaps = Parse("""{"dictionary": "gaps.txt"}""").Errors;

        Assert.Contains("m/config.json: servingFunction.outputs[0].params.dictionary: is required: a file in the model directory with one character per line", missing);
        Assert.Contains("m/config.json: servingFunction.outputs[0].params.spaceCharacter: must be true or false, not a string", missing);
        Assert.Contains(missing, e => e.StartsWith("m/config.json: servingFunction.outputs[0].params.alphabet: unknown field", StringComparison.Ordinal));
        Assert.Equal(["m/config.json: servingFunction.outputs[0].params.dictionary: '../keys.txt' must be a path inside the model directory"], outside);
        Assert.Equal(["m/config.json: servingFunction.outputs[0].params.dictionary: file 'nope.txt' does not exist in the model directory"], absent);
        Assert.Equal(["m/config.json: servingFunction.outputs[0].params.dictionary: dictionary 'gaps.txt' line 2 is empty; every line must hold the text of one class."], gaps);
    }
}
