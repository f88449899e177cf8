using System.Text;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;

namespace ModelServing.Core.Tests.Pipeline;

public sealed class ServingFunctionConfigReaderTests
{
    private static readonly ServingStageRegistry s_registry = new ServiceCollectionRegistry().Registry;

    private static (ModelConfig? Config, IReadOnlyList<string> Errors) Parse(string json)
    {
        var (config, errors) = ModelConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "m/config.json", s_registry, Path.GetTempPath());
        return (config, errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void Parse_InputAndOutputStages_AreReadInOrder()
    {
        var (config, errors) = Parse("""
            {"servingFunction": {
              "inputs": [{"stage": "multiply", "name": "raw", "tensor": "x", "params": {"factor": 2}}],
              "outputs": [{"stage": "softmax", "tensor": "y", "name": "p"}, {"stage": "argmax", "name": "best"}]
            }}
            """);

        Assert.Empty(errors);
        var function = config!.ServingFunction!;
        Assert.Equal("multiply", Assert.Single(function.Inputs).Config.Stage);
        Assert.Equal(["softmax", "argmax"], function.Outputs.Select(o => o.Config.Stage));
        Assert.Equal("servingFunction.outputs[1]", function.Outputs[1].Config.Path);
    }

    [Fact]
    public void Parse_EveryStageError_IsReportedAtOnceWithItsField()
    {
        var (config, errors) = Parse("""
            {"servingFunction": {
              "inputs": [{"stage": "nope"}, {"stage": "softmax"}, {"name": "x"}, {"stage": "multiply", "params": {"factor": "big"}}],
              "outputs": [{"stage": "topK", "params": {"k": 0, "labels": "../../etc/passwd", "colour": 1}}, {"stage": "multiply"}],
              "extra": 1
            }}
            """);

        Assert.Null(config);
        Assert.Contains("m/config.json: servingFunction.extra: unknown field (expected one of: inputs, outputs)", errors);
        Assert.Contains(errors, e => e.StartsWith("m/config.json: servingFunction.inputs[0].stage: unknown stage 'nope' (known inputs stages: multiply", StringComparison.Ordinal));
        Assert.Contains("m/config.json: servingFunction.inputs[1].stage: 'softmax' is an output stage and belongs in servingFunction.outputs", errors);
        Assert.Contains("m/config.json: servingFunction.inputs[2].stage: is required", errors);
        Assert.Contains("m/config.json: servingFunction.inputs[3].params.factor: must be a number, not a string", errors);
        Assert.Contains(errors, e => e.StartsWith("m/config.json: servingFunction.outputs[0].params.colour: unknown field", StringComparison.Ordinal));
        Assert.Contains("m/config.json: servingFunction.outputs[0].params.k: must be between 1 and 10000", errors);
        Assert.Contains("m/config.json: servingFunction.outputs[0].params.labels: '../../etc/passwd' must be a path inside the model directory", errors);
        Assert.Contains("m/config.json: servingFunction.outputs[1].stage: 'multiply' is an input stage and belongs in servingFunction.inputs", errors);
    }

    [Fact]
    public void Parse_LabelsFileMissing_SaysWhichFile()
    {
        var (_, errors) = Parse("""{"servingFunction": {"outputs": [{"stage": "topK", "params": {"labels": "no-such-labels.json"}}]}}""");

        Assert.Equal("m/config.json: servingFunction.outputs[0].params.labels: file 'no-such-labels.json' does not exist in the model directory", Assert.Single(errors));
    }
}
