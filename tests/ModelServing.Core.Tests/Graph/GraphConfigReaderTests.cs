using System.Text;
using ModelServing.Core.Graph.Stages;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;

namespace ModelServing.Core.Tests.Graph;

public sealed class GraphConfigReaderTests
{
    private static readonly ServingStageRegistry s_stages = new([new GatherStage.Factory(), new Rotate180Stage.Factory()]);

    private static (ModelConfig? Config, List<string> Errors) Parse(string steps, string outputs = """[{ "name": "out", "from": "b.items" }]""")
    {
        var json = $$"""{ "graph": { "inputs": [{ "name": "image" }], "steps": [{{steps}}], "outputs": {{outputs}} } }""";
        var (config, errors) = ModelConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "g/config.json", s_stages);
        return (config, errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void Parse_StepsWrittenOutOfOrder_RunInDependencyOrder()
    {
        var (config, errors) = Parse("""
            { "name": "b", "stage": "gather", "inputs": { "x": "a.text" } },
            { "name": "a", "model": "reader", "label": "stable", "inputs": { "image": "inputs.image" } }
            """);

        Assert.Empty(errors);
        var graph = config!.Graph!;
        Assert.Equal(["a", "b"], graph.Steps.Select(s => s.Name));
        Assert.Equal("reader", graph.Steps[0].Model);
        Assert.Equal("stable", graph.Steps[0].Version.Label);
        Assert.Equal(["reader"], graph.CalledModels);
    }

    [Fact]
    public void Parse_StepsReadingEachOther_ReportsTheCycle()
    {
        var (config, errors) = Parse("""
            { "name": "a", "model": "m", "inputs": { "image": "b.items" } },
            { "name": "b", "stage": "gather", "inputs": { "x": "a.text" } }
            """);

        Assert.Null(config);
        Assert.Equal(["g/config.json: graph.steps: the steps 'a', 'b' form a cycle (each waits for another's output)"], errors);
    }

    [Fact]
    public void Parse_EveryMistake_IsReportedAtOnceWithItsField()
    {
        var (config, errors) = Parse(
            """
            { "name": "a", "model": "m", "stage": "gather", "inputs": { "image": "inputs.image" } },
            { "name": "b", "stage": "nope", "inputs": {} },
            { "name": "c", "stage": "rotate180", "inputs": { "image": "nowhere.image" } },
            { "name": "d", "model": "m", "version": 1, "label": "x", "inputs": { "image": "image" } },
            { "name": "e", "stage": "rotate180", "inputs": { "image": "inputs.image", "orientation": "inputs.image" }, "params": { "threshold": 2 } }
            """,
            """[{ "name": "out", "from": "zz.items" }]""");

        Assert.Null(config);
        Assert.Contains("g/config.json: graph.steps[0]: needs exactly one of 'model' (a served model to call) or 'stage' (a graph stage)", errors);
        Assert.Contains(errors, e => e.StartsWith("g/config.json: graph.steps[1].stage: unknown graph stage 'nope' (known graph stages: gather, rotate180)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("g/config.json: graph.steps[4].params.threshold:", StringComparison.Ordinal));
        Assert.Contains("g/config.json: graph.steps[2].inputs: stage 'rotate180' needs the input 'orientation'", errors);
        Assert.Contains("g/config.json: graph.steps[3]: has both 'version' and 'label'; name one", errors);
        Assert.Contains("g/config.json: graph.steps[3].inputs.image: 'image' must be 'inputs.<input>' or '<step>.<output>'", errors);
        Assert.Contains("g/config.json: graph.steps[2].inputs.image: 'nowhere.image' names no step 'nowhere'", errors);
        Assert.Contains("g/config.json: graph.outputs[0].from: 'zz.items' names no step 'zz'", errors);
    }

    [Fact]
    public void Parse_ItemsPerCall_KeptOnTheModelStepAndZeroRefused()
    {
        var (config, _) = Parse(
            """{ "name": "read", "model": "m", "itemsPerCall": 6, "inputs": { "image": "inputs.image" } }""",
            """[{ "name": "out", "from": "read.text" }]""");
        var (refused, errors) = Parse(
            """{ "name": "read", "model": "m", "itemsPerCall": 0, "inputs": { "image": "inputs.image" } }""",
            """[{ "name": "out", "from": "read.text" }]""");

        Assert.Equal(6, config!.Graph!.Steps.Single().ItemsPerCall);
        Assert.Null(refused);
        Assert.Contains(errors, e => e.StartsWith("g/config.json: graph.steps[0].itemsPerCall:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GraphWithServingFunction_IsRefused()
    {
        var json = """{ "servingFunction": {}, "graph": { "inputs": [{ "name": "i" }], "steps": [{ "name": "a", "model": "m", "inputs": { "i": "inputs.i" } }], "outputs": [{ "name": "o", "from": "a.o" }] } }""";

        var (config, errors) = ModelConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "g/config.json", s_stages);

        Assert.Null(config);
        Assert.Contains(errors, e => e.Field == "graph" && e.Message.Contains("no servingFunction", StringComparison.Ordinal));
    }
}
