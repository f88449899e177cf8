using System.Text;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

/// <summary>
/// Current TF Serving's numeric rules: a number for a float input is rounded to the nearest float (no precision error), a
/// finite double past the float range becomes an infinity, a number past the double range is refused, and integer inputs
/// keep their exact rules. Both reading paths (byte scanner and tokens) must agree.
/// </summary>
public sealed class PredictRequestReaderNumberTests
{
    private static readonly ModelSignature s_float = JsonTestData.Inputs(new TensorSpec("v", TensorDataType.Float, -1));

    [Theory]
    [InlineData("1435774380", 1435774336f)]
    [InlineData("16777217", 16777216f)]
    [InlineData("-16777219", -16777220f)]
    [InlineData("9007199254740993", 9007199254740992f)]
    public void Read_IntegerAFloatCannotHold_IsRoundedToTheNearestFloat(string literal, float expected)
    {
        var json = $$"""{"instances": [{{literal}}, 1]}""";

        var fast = ReadFloats(json, tokens: false);
        var tokens = ReadFloats(json, tokens: true);

        Assert.Equal([expected, 1f], fast);
        Assert.Equal([expected, 1f], tokens);
    }

    [Theory]
    [InlineData("1e39", float.PositiveInfinity)]
    [InlineData("-3.5e38", float.NegativeInfinity)]
    [InlineData("1.7976931348623157e308", float.PositiveInfinity)]
    [InlineData("1e-400", 0f)]
    public void Read_FiniteDoublePastTheFloatRange_BecomesAnInfinity(string literal, float expected)
    {
        var json = $$"""{"inputs": [{{literal}}]}""";

        Assert.Equal([expected], ReadFloats(json, tokens: false));
        Assert.Equal([expected], ReadFloats(json, tokens: true));
    }

    [Theory]
    [InlineData(TensorDataType.Float, "1e400")]
    [InlineData(TensorDataType.Float, "-1e309")]
    [InlineData(TensorDataType.Double, "1e400")]
    [InlineData(TensorDataType.Double, "-1.8e308")]
    public void Read_NumberPastTheDoubleRange_IsRefusedNamingElementAndInput(TensorDataType type, string literal)
    {
        var signature = JsonTestData.Inputs(new TensorSpec("v", type, -1));

        var exception = Assert.Throws<ServingException>(() => JsonTestData.Read($$"""{"instances": [1, {{literal}}]}""", signature));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal(
            $"Failed to process element: 1 key: v of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: {literal} Number too big to be stored in double.",
            exception.Message);
    }

    [Fact]
    public void Read_IntegerADoubleCannotHold_IsRoundedToTheNearestDouble()
    {
        var signature = JsonTestData.Inputs(new TensorSpec("v", TensorDataType.Double, -1));

        var values = JsonTestData.Read("""{"instances": [9007199254740993, 1e308]}""", signature).Inputs["v"].As<double>();

        Assert.Equal([9007199254740992d, 1e308], values);
    }

    [Theory]
    [InlineData(TensorDataType.Int32, "2147483648", "int32")]
    [InlineData(TensorDataType.Int32, "1.0", "int32")]
    [InlineData(TensorDataType.Int64, "1e400", "int64")]
    [InlineData(TensorDataType.Int64, "9223372036854775808", "int64")]
    [InlineData(TensorDataType.UInt8, "256", "uint8")]
    public void Read_IntegerInputs_KeepTheirExactRules(TensorDataType type, string literal, string typeName)
    {
        var signature = JsonTestData.Inputs(new TensorSpec("v", type, -1));

        var exception = Assert.Throws<ServingException>(() => JsonTestData.Read($$"""{"instances": [{{literal}}]}""", signature));

        Assert.Equal(
            $"Failed to process element: 0 key: v of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: {literal} Type: Number is not of expected type: {typeName}",
            exception.Message);
    }

    private static float[] ReadFloats(string json, bool tokens)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var request = tokens ? PredictRequestReader.ReadTokens(bytes, s_float) : PredictRequestReader.Read(bytes, s_float);
        return request.Inputs["v"].As<float>();
    }
}
