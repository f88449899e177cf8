using System.Text;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;
using ModelServing.Protocols.Tests.TestSupport;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

/// <summary>
/// Text a hostile caller sends: unpaired surrogate escapes and invalid UTF-8 in keys, instance names, b64 and string
/// values. Every one is an invalid-input error or is read as TF Serving reads it; none escapes as another exception.
/// </summary>
public sealed class PredictRequestReaderTextTests
{
    private static readonly ModelSignature s_loans = JsonTestData.Inputs(
        new TensorSpec("income", TensorDataType.Float, -1),
        new TensorSpec("age", TensorDataType.Int32, -1));

    private static readonly ModelSignature s_strings = JsonTestData.Inputs(new TensorSpec("s", TensorDataType.String, -1));

    public static TheoryData<string, string, int> UnpairedSurrogates => new()
    {
        { "top-level key", """{"\ud800": 1, "instances": [{"income": 1, "age": 2}]}""", 1 },
        { "low surrogate key", """{"instances": [{"income": 1, "age": 2}], "\udc00x": 1}""", 41 },
        { "instance key", """{"instances": [{"\ud800": 1, "age": 2}]}""", 16 },
        { "columnar key", """{"inputs": {"income": [1], "\uDBFF\u0041": [2]}}""", 27 },
        { "signature name", """{"signature_name": "\ud800", "instances": [{"income": 1, "age": 2}]}""", 19 },
        { "skipped value", """{"instances": [{"income": 1, "age": 2}], "other": ["\ud800"]}""", 51 },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void Read_UnpairedSurrogateEscape_IsAParseErrorAtItsString(string where, string json, int offset)
    {
        var exception = Assert.Throws<ServingException>(() => JsonTestData.Read(json, s_loans));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.StartsWith($"JSON Parse error: The surrogate pair in string is invalid. at offset: {offset} ", exception.Message);
        Assert.False(string.IsNullOrEmpty(where));
    }

    [Theory]
    [InlineData("""{"instances": [{"\ud800": "YQ=="}]}""", 16)]
    [InlineData("""{"instances": [{"b64": "\udfff"}]}""", 23)]
    public void Read_UnpairedSurrogateInABase64Object_IsAParseError(string json, int offset)
    {
        var exception = Assert.Throws<ServingException>(() => JsonTestData.Read(json, s_strings));

        Assert.StartsWith($"JSON Parse error: The surrogate pair in string is invalid. at offset: {offset} ", exception.Message);
    }

    [Fact]
    public void Read_MalformedBeforeTheSurrogate_ReportsTheEarlierError()
    {
        var exception = Assert.Throws<ServingException>(() => JsonTestData.Read("""{"instances": [1 2], "\ud800": 1}""", s_strings));

        Assert.StartsWith("JSON Parse error: '2' is invalid after a value.", exception.Message);
    }

    [Fact]
    public void Read_EscapedBackslashBeforeU_IsNoEscape()
    {
        var values = JsonTestData.Read("""{"instances": ["\\ud800", "\ud83d\ude00", "\\\ud83d\udE00"]}""", s_strings).Inputs["s"].As<byte[]>();

        Assert.Equal("\\ud800", Encoding.UTF8.GetString(values[0]));
        Assert.Equal("\U0001F600", Encoding.UTF8.GetString(values[1]));
        Assert.Equal("\\\U0001F600", Encoding.UTF8.GetString(values[2]));
    }

    [Fact]
    public void Read_InvalidUtf8InAStringValue_PassesAsBytesAsInTensorFlowServing()
    {
        var json = JsonBytes.With("""{"instances": ["a§b"]}""", 0xFF, 0xC0);

        var value = PredictRequestReader.Read(json, s_strings).Inputs["s"].As<byte[]>()[0];

        Assert.Equal(new byte[] { (byte)'a', 0xFF, 0xC0, (byte)'b' }, value);
    }

    [Theory]
    [InlineData("""{"instances": [{"income": 1, "age": 2}], "k§": 1}""", null)]
    [InlineData("""{"instances": [{"income": 1, "a§": 2}]}""", "does not have named input: a\uFFFD")]
    [InlineData("""{"inputs": {"income": [1], "age": [2], "a§": [3]}}""", "Unknown named input: a\uFFFD in 'inputs' object.")]
    public void Read_InvalidUtf8InAKey_IsIgnoredOrNamedNeverAnException(string json, string? error)
    {
        var exception = Record.Exception(() => PredictRequestReader.Read(JsonBytes.With(json, 0xFF), s_loans));

        if (error is null)
        {
            Assert.Null(exception);
        }
        else
        {
            var invalid = Assert.IsType<ServingException>(exception);
            Assert.Contains(error, invalid.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_InvalidUtf8InBase64_SaysItCannotBeDecoded()
    {
        var json = JsonBytes.With("""{"instances": [{"b64": "YQ§="}]}""", 0xFF);

        var exception = Assert.Throws<ServingException>(() => PredictRequestReader.Read(json, s_strings));

        Assert.EndsWith("Unable to base64 decode", exception.Message);
    }

    [Theory]
    [InlineData("{\"a\":\"\\ud800\"}", 6)]
    [InlineData("\"\\udc00\"", 1)]
    [InlineData("\"\\ud800\\u0041\"", 1)]
    [InlineData("\"x\\ud800\"", 2)]
    [InlineData("\"\\\\\\ud800\"", 3)]
    public void FindUnpairedSurrogate_UnpairedEscape_GivesItsOffset(string json, int offset)
    {
        Assert.Equal(offset, JsonStrings.FindUnpairedSurrogate(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("{\"a\":\"\\ud83d\\ude00\"}")]
    [InlineData("\"\\\\ud800\"")]
    [InlineData("\"\\u00e9\\uD7FF\\uE000\"")]
    [InlineData("\"\\ud80\"")]
    [InlineData("")]
    public void FindUnpairedSurrogate_NoUnpairedEscape_GivesMinusOne(string json)
    {
        Assert.Equal(-1, JsonStrings.FindUnpairedSurrogate(Encoding.UTF8.GetBytes(json)));
    }
}
