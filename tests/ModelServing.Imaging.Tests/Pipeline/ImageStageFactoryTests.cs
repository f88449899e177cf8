using System.Text;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;
using ModelServing.Imaging.Pipeline;

namespace ModelServing.Imaging.Tests.Pipeline;

/// <summary>
/// The <c>image</c> stage's parameters read from a real config document: every number that would reach each request's
/// tensor as an infinity or a division by zero is a load error naming the file and field (issue 14: a mean of 1e400 loaded
/// as AVAILABLE and broke every response).
/// </summary>
public sealed class ImageStageFactoryTests
{
    private const string FloatRange = "must be a finite number within float32's range (about -3.4e38 to 3.4e38)";
    private static readonly ServingStageRegistry s_registry = new([new ImageStageFactory()]);

    [Fact]
    public void Parse_NumbersNoFloatHolds_EveryOneReportedWithFileAndField()
    {
        var errors = Errors("""
            {"mean": [1e400, 0.5, 0.5], "std": [0.5, 0, 1e39], "scale": 1e400, "padValue": -1e39, "maxPixels": 1e400}
            """);

        Assert.Equal(
            [
                "m/config.json: servingFunction.inputs[0].params.padValue: " + FloatRange + ", not the number -1e39",
                "m/config.json: servingFunction.inputs[0].params.scale: " + FloatRange + ", not the number 1e400",
                "m/config.json: servingFunction.inputs[0].params.mean[0]: " + FloatRange + ", not the number 1e400",
                "m/config.json: servingFunction.inputs[0].params.std[2]: " + FloatRange + ", not the number 1e39",
                "m/config.json: servingFunction.inputs[0].params.maxPixels: must be a finite number, not the number 1e400",
                "m/config.json: servingFunction.inputs[0].params.std[1]: must not be 0 (each pixel is divided by it)",
            ],
            errors);
    }

    [Fact]
    public void Parse_StdThatRoundsToZeroInFloat32_IsReported()
    {
        var errors = Errors("""{"std": [1e-50, 1, 1]}""");

        Assert.Equal(["m/config.json: servingFunction.inputs[0].params.std[0]: must not be 0 (each pixel is divided by it)"], errors);
    }

    [Fact]
    public void Parse_MaxPixelsPerRequest_IsAPositiveInteger()
    {
        var errors = Errors("""{"maxPixelsPerRequest": 0}""");

        Assert.Equal(["m/config.json: servingFunction.inputs[0].params.maxPixelsPerRequest: must be between 1 and 2147483647"], errors);
    }

    [Fact]
    public void Parse_PadToMisused_EveryMistakeNamesItsField()
    {
        var unknown = Errors("""{"size": {"height": 48, "maxWidth": 960, "padTo": "max"}}""");
        var minWithoutWidest = Errors("""{"size": {"height": 48, "maxWidth": 960, "minWidth": 320}}""");
        var minPastMax = Errors("""{"size": {"height": 48, "maxWidth": 960, "minWidth": 1000, "padTo": "widest"}}""");
        var fixedSize = Errors("""{"size": {"height": 48, "width": 320, "padTo": "widest"}}""");

        Assert.Equal(["m/config.json: servingFunction.inputs[0].params.size.padTo: must be 'maxWidth' (pad every line to maxWidth) or 'widest' (pad to the widest line of the batch)"], unknown);
        Assert.Equal(["m/config.json: servingFunction.inputs[0].params.size.minWidth: applies only with maxWidth and padTo 'widest', and must be at most maxWidth"], minWithoutWidest);
        Assert.Equal(minWithoutWidest, minPastMax);
        Assert.Equal(["m/config.json: servingFunction.inputs[0].params.size.padTo: applies only to {\"height\", \"maxWidth\"}"], fixedSize);
    }

    [Fact]
    public void Build_PadToWidest_DeclaresADynamicWidth()
    {
        var (config, errors) = Parse("""{"size": {"height": 48, "maxWidth": 960, "minWidth": 64, "padTo": "widest"}}""");

        Assert.Empty(errors);
        var stage = config!.ServingFunction!.Inputs[0].Build(new TensorSpec("x", TensorDataType.Float, -1, 3, 48, -1), "image");
        Assert.Equal([-1L, 3L, 48L, -1L], stage.ModelInput.Shape);
    }

    [Fact]
    public void Build_ExampleParameters_FillTheModelInput()
    {
        var (config, errors) = Parse("""
            {"size": {"multipleOf": 32, "maxSide": 960}, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
             "scale": 0.00392156862745098, "channelOrder": "bgr", "maxPixelsPerRequest": 4194304}
            """);

        Assert.Empty(errors);
        var stage = config!.ServingFunction!.Inputs[0].Build(new TensorSpec("x", TensorDataType.Float, -1, 3, -1, -1), "image");
        Assert.Equal([-1L, 3L, -1L, -1L], stage.ModelInput.Shape);
    }

    private static IReadOnlyList<string> Errors(string parameters) => Parse(parameters).Errors;

    private static (ModelConfig? Config, IReadOnlyList<string> Errors) Parse(string parameters)
    {
        var json = """{"servingFunction": {"inputs": [{"stage": "image", "tensor": "x", "params": """ + parameters + "}]}}";
        var (config, errors) = ModelConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "m/config.json", s_registry, Path.GetTempPath());
        return (config, [.. errors.Select(e => e.ToString())]);
    }
}
