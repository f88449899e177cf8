using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

/// <summary>Unknown top-level keys are skipped however deeply they nest, as by TF Serving; the values read keep the depth limit.</summary>
public sealed class PredictRequestReaderUnknownKeyTests
{
    private static readonly ModelSignature s_float = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, -1, 2));

    private static readonly ModelSignature s_loans = JsonTestData.Inputs(
        new TensorSpec("income", TensorDataType.Float, -1),
        new TensorSpec("age", TensorDataType.Int32, -1));

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [Theory]
    [InlineData(65)]
    [InlineData(10_000)]
    public void Read_UnknownKeyNestedBeyondMaxDepth_IsSkipped(int depth)
    {
        var json = $$"""{"meta": {"a": {{Nested(depth)}}}, "instances": [[1, 2]], "more": [{"b": {{Nested(depth)}}}]}""";

        var request = JsonTestData.Read(json, s_float);

        Assert.Equal([1f, 2f], request.Inputs["x"].As<float>());
    }

    [Fact]
    public void Read_UnknownKeyNestedBeyondMaxDepth_IsSkippedOnTheTokenPathToo()
    {
        var json = $$"""{"instances": [{"income": 1, "age": 2}], "deep": {{Nested(100)}}}""";

        var request = JsonTestData.Read(json, s_loans, new PredictRequestReaderOptions { MaxDepth = 4 });

        Assert.Equal([2], request.Inputs["age"].As<int>());
    }

    [Theory]
    [InlineData("""{"inputs": {"income": [[[1]]], "age": [2]}}""", 24, "array")]
    [InlineData("""{"instances": [{"income": [[1]], "age": 2}]}""", 27, "array")]
    [InlineData("""{"parameters": {"a": {"b": {"c": [1]}}}, "instances": [{"income": 1, "age": 2}]}""", 33, "array")]
    [InlineData("""{"parameters": [[[{"d": 1}]]], "instances": [{"income": 1, "age": 2}]}""", 18, "object")]
    public void Read_ValueReadBeyondMaxDepth_IsStillRefused(string json, int offset, string what)
    {
        var exception = Assert.Throws<ServingException>(() => JsonTestData.Read(json, s_loans, new PredictRequestReaderOptions { MaxDepth = 4 }));

        Assert.StartsWith(
            $"JSON Parse error: The maximum configured depth of 4 has been exceeded. Cannot read next JSON {what}. at offset: {offset} ",
            exception.Message);
    }
}
