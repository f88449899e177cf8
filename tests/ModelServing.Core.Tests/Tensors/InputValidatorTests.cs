using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Tensors;

public sealed class InputValidatorTests
{
    private static readonly ModelSignature s_signature = new(
        [new TensorSpec("x", TensorDataType.Float, -1, 3), new TensorSpec("mask", TensorDataType.Bool, -1)],
        [new TensorSpec("y", TensorDataType.Float, -1)]);

    public static TheoryData<string, string> Misfits => new()
    {
        { "missing", "Missing input 'mask'" },
        { "unknown", "Unknown input 'z'; the model's inputs are: x, mask" },
        { "type", "Input 'x' expects DT_FLOAT but got DT_DOUBLE" },
        { "shape", "Input 'x' expects shape [-1,3] but got [2,4]" },
        { "rank", "Input 'x' expects shape [-1,3] but got [6]" },
    };

    [Theory]
    [MemberData(nameof(Misfits))]
    public void ValidateForRun_Misfit_ThrowsTheSameMessageAsValidate(string misfit, string message)
    {
        var inputs = Inputs(misfit);

        var full = Assert.Throws<ServingException>(() => InputValidator.Validate(s_signature, inputs));
        var run = Assert.Throws<ServingException>(() => InputValidator.ValidateForRun(s_signature, inputs));

        Assert.Equal(message, full.Message);
        Assert.Equal(message, run.Message);
        Assert.Equal(ServingErrorKind.InvalidInput, run.Kind);
    }

    [Fact]
    public void ValidateForRun_FittingInputs_AllocatesNothing()
    {
        var inputs = Inputs("fits");
        InputValidator.ValidateForRun(s_signature, inputs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            InputValidator.ValidateForRun(s_signature, inputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Validate_InputsSharingANamedDimensionDiffer_NamesBothInputsAndTheDimension()
    {
        var signature = new ModelSignature(
            [
                new TensorSpec("income", TensorDataType.Float, [-1], ["batch"]),
                new TensorSpec("age", TensorDataType.Float, [-1], ["batch"]),
            ],
            []);
        var inputs = new Dictionary<string, TensorData>
        {
            ["income"] = TensorData.FromFloats([1, 2], 2),
            ["age"] = TensorData.FromFloats([1, 2, 3], 3),
        };

        var error = Assert.Throws<ServingException>(() => InputValidator.Validate(signature, inputs));

        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        Assert.Equal(
            "Inputs 'income' and 'age' must agree on the dimension the model names 'batch' (dimension 0 of 'income' is 2, dimension 0 of 'age' is 3)",
            error.Message);
    }

    [Fact]
    public void Validate_InputsWhoseDynamicDimensionsAreNamedApartOrUnnamed_MayDiffer()
    {
        var signature = new ModelSignature(
            [
                new TensorSpec("a", TensorDataType.Float, [-1, 2], ["rows_a", string.Empty]),
                new TensorSpec("b", TensorDataType.Float, [-1], ["rows_b"]),
                new TensorSpec("c", TensorDataType.Float, -1),
            ],
            []);
        var inputs = new Dictionary<string, TensorData>
        {
            ["a"] = TensorData.FromFloats(new float[4], 2, 2),
            ["b"] = TensorData.FromFloats(new float[5], 5),
            ["c"] = TensorData.FromFloats(new float[1], 1),
        };

        InputValidator.Validate(signature, inputs);
    }

    [Fact]
    public void Validate_BatchInputWithNoInstances_ThrowsInvalidInputNamingTheInput()
    {
        var inputs = new Dictionary<string, TensorData>(StringComparer.Ordinal)
        {
            ["x"] = TensorData.FromFloats([], 0, 3),
            ["mask"] = TensorData.Create(TensorDataType.Bool, Array.Empty<bool>(), 0),
        };

        var error = Assert.Throws<ServingException>(() => InputValidator.Validate(s_signature, inputs));

        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        Assert.Equal("Input 'x' has no instances (shape [0,3]); a request needs at least one", error.Message);
    }

    private static Dictionary<string, TensorData> Inputs(string misfit)
    {
        var inputs = new Dictionary<string, TensorData>(StringComparer.Ordinal)
        {
            ["x"] = misfit switch
            {
                "type" => TensorData.Create(TensorDataType.Double, new double[6], 2, 3),
                "shape" => TensorData.FromFloats(new float[8], 2, 4),
                "rank" => TensorData.FromFloats(new float[6], 6),
                _ => TensorData.FromFloats(new float[6], 2, 3),
            },
            ["mask"] = TensorData.Create(TensorDataType.Bool, new bool[2], 2),
        };
        if (misfit == "missing")
        {
            inputs.Remove("mask");
        }

        if (misfit == "unknown")
        {
            inputs["z"] = TensorData.FromFloats([1], 1);
        }

        return inputs;
    }
}
