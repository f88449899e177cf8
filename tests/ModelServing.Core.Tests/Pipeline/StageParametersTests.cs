using System.Text.Json;
using ModelServing.Core.Configuration;
using ModelServing.Core.Pipeline;

namespace ModelServing.Core.Tests.Pipeline;

/// <summary>Stage parameters: numbers JSON allows but no double or float32 holds are errors at their field, never infinities.</summary>
public sealed class StageParametersTests
{
    private const string FloatRange = "must be a finite number within float32's range (about -3.4e38 to 3.4e38)";

    [Fact]
    public void Number_BeyondDoubleRange_ReportedAtItsFieldInsteadOfReadAsInfinity()
    {
        var (parameters, reader) = Read("""{"x": 1e400}""", "x");

        var value = parameters.Number("x", 2);

        Assert.Equal(2, value);
        Assert.Equal("m/config.json: servingFunction.inputs[0].params.x: must be a finite number, not the number 1e400", Assert.Single(reader.Errors).ToString());
    }

    [Fact]
    public void Single_BeyondFloat32Range_ReportedAtItsField()
    {
        var (parameters, reader) = Read("""{"x": 1e39, "y": 1.5}""", "x", "y");

        var (x, y) = (parameters.Single("x", 1), parameters.Single("y", 1));

        Assert.Equal((1f, 1.5f), (x, y));
        Assert.Equal($"m/config.json: servingFunction.inputs[0].params.x: {FloatRange}, not the number 1e39", Assert.Single(reader.Errors).ToString());
    }

    [Fact]
    public void Numbers_EveryBadEntry_ReportedAtItsIndexAtOnce()
    {
        var (parameters, reader) = Read("""{"mean": [1e400, "a", -1e39]}""", "mean");

        var values = parameters.Numbers("mean", [0, 0, 0], 3);

        Assert.Equal([0f, 0f, 0f], values);
        Assert.Equal(
            [
                $"m/config.json: servingFunction.inputs[0].params.mean[0]: {FloatRange}, not the number 1e400",
                "m/config.json: servingFunction.inputs[0].params.mean[1]: must be a number, not a string",
                $"m/config.json: servingFunction.inputs[0].params.mean[2]: {FloatRange}, not the number -1e39",
            ],
            reader.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Numbers_FiniteEntries_AreRead()
    {
        var (parameters, reader) = Read("""{"mean": [0.485, 0.456, 0.406]}""", "mean");

        var values = parameters.Numbers("mean", [0, 0, 0], 3);

        Assert.Equal([0.485f, 0.456f, 0.406f], values);
        Assert.Empty(reader.Errors);
    }

    private static (StageParameters Parameters, ConfigReader Reader) Read(string json, params string[] known)
    {
        using var document = JsonDocument.Parse(json);
        var config = new ServingStageConfig("s", string.Empty, string.Empty, document.RootElement.Clone(), "servingFunction.inputs[0]", string.Empty);
        var reader = new ConfigReader("m/config.json");
        return (new StageParameters(config, reader, known), reader);
    }
}
