using System.Text;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Scoring;
using ModelServing.Protocols.Tests.TestSupport;

namespace ModelServing.Protocols.Tests.Scoring;

/// <summary>
/// Hostile <c>/score</c> bodies: text that is not UTF-8 in property names and values, numbers past the double range. Each
/// is a 400 naming the row and input, and numbers follow the same rules as the TF Serving and v2 routes.
/// </summary>
public sealed class ScoreRequestReaderHostileTests
{
    private static readonly ModelSignature s_signature = new(
        [new TensorSpec("income", TensorDataType.Float, -1), new TensorSpec("photo", TensorDataType.String, -1)],
        [new TensorSpec("approved", TensorDataType.Int64, -1)]);

    public static TheoryData<string, string> UnpairedSurrogates => new()
    {
        { """{"\ud800": 1, "data": [[1, "YQ=="]]}""", "A key of the request" },
        { """{"data": [[1, "YQ=="]], "method": "predict\udc00"}""", "\"method\"" },
        { """{"data": [{"income": 1, "\ud800": "YQ=="}]}""", "A key of row 0" },
        { """{"data": [[1, "YQ=="], [2, "\ud800"]]}""", "Row 1: input 'photo'" },
        { """{"data": [[1, {"\ud800": "YQ=="}]]}""", "Row 0: a key of input 'photo'" },
        { """{"data": [[1, {"b64": "\ud800"}]]}""", "Row 0: input 'photo'" },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void Read_UnpairedSurrogateEscape_IsInvalidInputNamingTheField(string json, string field)
    {
        var exception = Assert.Throws<ServingException>(() => ScoreRequestReader.Read(Encoding.UTF8.GetBytes(json), s_signature));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal($"{field} is not valid UTF-8 text (invalid bytes or an unpaired surrogate escape such as \\ud800)", exception.Message);
    }

    [Theory]
    [InlineData("""{"da§ta": [[1, "YQ=="]]}""", "A key of the request")]
    [InlineData("""{"data": [{"income": 1, "pho§to": "YQ=="}]}""", "A key of row 0")]
    [InlineData("""{"data": [[1, "YQ=="]], "method": "p§"}""", "\"method\"")]
    [InlineData("""{"data": [[1, "YQ§=="]]}""", "Row 0: input 'photo'")]
    public void Read_InvalidUtf8Bytes_AreInvalidInputNamingTheField(string json, string field)
    {
        var exception = Assert.Throws<ServingException>(() => ScoreRequestReader.Read(JsonBytes.With(json, 0xED, 0xA0, 0x80), s_signature));

        Assert.Equal($"{field} is not valid UTF-8 text (invalid bytes or an unpaired surrogate escape such as \\ud800)", exception.Message);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e309")]
    public void Read_NumberPastTheDoubleRange_IsInvalidInputNamingRowAndInput(string literal)
    {
        var json = $$"""{"data": [[1, "YQ=="], [{{literal}}, "YQ=="]]}""";

        var exception = Assert.Throws<ServingException>(() => ScoreRequestReader.Read(Encoding.UTF8.GetBytes(json), s_signature));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal("Row 1: input 'income' must be a number within the range of a double", exception.Message);
    }

    [Fact]
    public void Read_NumbersAFloatCannotHold_RoundAsOnTheTensorFlowServingRoute()
    {
        var json = """{"data": [[1435774380, "YQ=="], [1e39, "YQ=="], [-3.5e38, "YQ=="]]}""";

        var request = ScoreRequestReader.Read(Encoding.UTF8.GetBytes(json), s_signature);

        Assert.Equal([1435774336f, float.PositiveInfinity, float.NegativeInfinity], request.Inputs["income"].As<float>());
    }
}
