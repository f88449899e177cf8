using System.Text;
using System.Text.Json.Nodes;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Pipeline;

public sealed class ServingPipelineTests : IDisposable
{
    private static readonly ServingStageRegistry s_registry = new ServiceCollectionRegistry().Registry;
    private static readonly ModelSignature s_model = new(
        [new TensorSpec("x", TensorDataType.Float, -1, 3), new TensorSpec("mask", TensorDataType.Bool, -1)],
        [new TensorSpec("logits", TensorDataType.Float, -1, 3), new TensorSpec("aux", TensorDataType.Float, -1)]);

    private readonly string _directory = Directory.CreateTempSubdirectory("ms-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_directory, true);

    private ServingFunctionConfig Function(string json)
    {
        var (config, errors) = ModelConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "m/config.json", s_registry, _directory);
        Assert.Empty(errors);
        return config!.ServingFunction!;
    }

    [Fact]
    public void Build_NoFunction_PassesTheModelSignatureThrough()
    {
        var pipeline = ServingPipeline.Build(null, s_model);

        Assert.Same(s_model, pipeline.PublicSignature);
        Assert.False(pipeline.HasStages);
    }

    [Fact]
    public void Build_Stages_PublicSignatureShowsStageInputsAndOnlyStageOutputs()
    {
        File.WriteAllText(Path.Combine(_directory, "labels.txt"), "cat\ndog\nbird\n");
        var pipeline = ServingPipeline.Build(Function("""
            {"servingFunction": {
              "inputs": [{"stage": "multiply", "name": "raw", "tensor": "x"}],
              "outputs": [{"stage": "topK", "tensor": "logits", "name": "classes", "params": {"k": 2, "labels": "labels.txt", "softmax": true}},
                          {"stage": "select", "tensor": "aux", "name": "extra"}]
            }}
            """), s_model);

        Assert.Equal(["raw", "mask"], pipeline.PublicSignature.Inputs.Select(i => i.Name));
        Assert.Equal(["classes", "extra"], pipeline.PublicSignature.Outputs.Select(o => o.Name));
        Assert.Equal(TensorDataType.Json, pipeline.PublicSignature.Outputs[0].DataType);
        Assert.Equal(["multiply", "topK", "select"], pipeline.Stages.Select(s => s.Stage));
    }

    [Fact]
    public void PrepareAndFinish_RunTheStagesOnTensors()
    {
        File.WriteAllText(Path.Combine(_directory, "labels.json"), """["cat", "dog", "bird"]""");
        var pipeline = ServingPipeline.Build(Function("""
            {"servingFunction": {
              "inputs": [{"stage": "multiply", "name": "raw", "tensor": "x", "params": {"factor": 3}}],
              "outputs": [{"stage": "topK", "tensor": "logits", "params": {"k": 1, "labels": "labels.json"}}]
            }}
            """), s_model);
        var context = new ServingContext();

        var modelInputs = pipeline.PrepareInputs(
            new Dictionary<string, TensorData> { ["raw"] = TensorData.FromFloats([1, 2, 3], 1, 3), ["mask"] = TensorData.Create(TensorDataType.Bool, new[] { true }, 1) },
            context);
        var outputs = pipeline.FinishOutputs(
            new Dictionary<string, TensorData> { ["logits"] = TensorData.FromFloats([0.1f, 0.7f, 0.2f], 1, 3), ["aux"] = TensorData.FromFloats([5], 1) },
            context);

        Assert.Equal([3f, 6f, 9f], modelInputs["x"].As<float>());
        Assert.True(modelInputs.ContainsKey("mask"));
        Assert.False(modelInputs.ContainsKey("raw"));
        var (name, tensor) = Assert.Single(outputs);
        Assert.Equal("logits", name);
        var best = (JsonArray)tensor.As<JsonNode?>()[0]!;
        Assert.Equal("dog", best[0]!["label"]!.GetValue<string>());
        Assert.Equal(0.7f, best[0]!["score"]!.GetValue<float>());
    }

    [Fact]
    public void Build_ChainedOutputStagesWithoutTensor_ReadThePreviousStage()
    {
        var model = new ModelSignature([new TensorSpec("x", TensorDataType.Float, -1, 3)], [new TensorSpec("logits", TensorDataType.Float, -1, 3)]);
        var pipeline = ServingPipeline.Build(Function("""{"servingFunction": {"outputs": [{"stage": "softmax", "name": "p"}, {"stage": "argmax", "name": "best"}]}}"""), model);

        var outputs = pipeline.FinishOutputs(new Dictionary<string, TensorData> { ["logits"] = TensorData.FromFloats([1, 5, 2], 1, 3) }, new ServingContext());

        Assert.Equal(["p", "best"], outputs.Select(o => o.Key));
        Assert.Equal([1L], outputs[1].Value.As<long>());
        Assert.Equal(1.0, outputs[0].Value.As<float>().Sum(), 5);
    }

    [Theory]
    [InlineData("""{"servingFunction": {"inputs": [{"stage": "multiply", "tensor": "nope"}]}}""", "servingFunction.inputs[0]: the model has no input 'nope' (or another stage fills it already)")]
    [InlineData("""{"servingFunction": {"inputs": [{"stage": "multiply"}]}}""", "servingFunction.inputs[0]: the model has 2 inputs; name the one this stage uses in 'tensor'")]
    [InlineData("""{"servingFunction": {"inputs": [{"stage": "multiply", "tensor": "mask"}]}}""", "stage 'multiply' needs a float input, but 'mask' is not")]
    [InlineData("""{"servingFunction": {"inputs": [{"stage": "multiply", "tensor": "x", "name": "mask"}]}}""", "servingFunction.inputs: two inputs would both be named 'mask'")]
    [InlineData("""{"servingFunction": {"outputs": [{"stage": "softmax", "tensor": "nope"}]}}""", "servingFunction.outputs[0]: there is no model output or earlier stage output named 'nope'")]
    [InlineData("""{"servingFunction": {"inputs": [{"stage": "wide", "tensor": "x", "params": {"width": 4}}]}}""", "servingFunction.inputs[0]: stage 'wide' produces 'x' DT_FLOAT [-1,4], but the model input 'x' is DT_FLOAT [-1,3]")]
    public void Build_StageDoesNotFitTheModel_FailsWithTheEntryNamed(string json, string message)
    {
        var ex = Assert.Throws<ModelLoadException>(() => ServingPipeline.Build(Function(json), s_model));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void PrepareInputs_StageFitAtBuild_ProducesModelInputsTheRunnerAccepts()
    {
        // A stage that declares the model's width fits at build; what it returns per request is trusted from then on (the
        // runner still refuses what native code could not read). Requests are checked once, against the public signature.
        var pipeline = ServingPipeline.Build(Function("""{"servingFunction": {"inputs": [{"stage": "wide", "name": "raw", "tensor": "x", "params": {"width": 3}}]}}"""), s_model);
        var request = new Dictionary<string, TensorData>
        {
            ["raw"] = TensorData.FromFloats(new float[10], 2, 5),
            ["mask"] = TensorData.Create(TensorDataType.Bool, new bool[2], 2),
        };
        InputValidator.Validate(pipeline.PublicSignature, request);

        var modelInputs = pipeline.PrepareInputs(request, new ServingContext());

        Assert.Equal([2L, 3L], modelInputs["x"].Shape);
        InputValidator.ValidateForRun(s_model, modelInputs);
    }
}
