using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.TensorFlowServing;

[Collection(GatewayCollection.Name)]
public sealed class DataTypeTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    private static readonly (string Type, string Values)[] s_cases =
    [
        ("float", "[1.5,-2.25]"),
        ("double", "[1.0000000000000002,-1E+300]"),
        ("float16", "[0.5,-2048]"),
        ("bfloat16", "[1,-3]"),
        ("int8", "[-128,127]"),
        ("int16", "[-32768,32767]"),
        ("int32", "[-2147483648,2147483647]"),
        ("int64", "[-9223372036854775808,9223372036854775807]"),
        ("uint8", "[0,255]"),
        ("uint16", "[0,65535]"),
        ("uint32", "[0,4294967295]"),
        ("uint64", "[0,18446744073709551615]"),
        ("bool", "[true,false]"),
        ("string", "[\"a\",\"\u00e9t\u00e9\"]"),
    ];

    [Fact]
    public async Task Predict_EveryDtypeInOneRowRequest_RoundTripsExactly()
    {
        var instance = string.Join(',', s_cases.Select(c => $"\"x_{c.Type}\":{c.Values}"));

        var (status, body) = await Host.PostJsonAsync("/v1/models/dtypes:predict", $"{{\"instances\":[{{{instance}}}]}}");

        Assert.Equal(200, status);
        var prediction = body!["predictions"]![0]!;
        foreach (var (type, values) in s_cases)
        {
            AssertJson.Equal(values, prediction[$"y_{type}"]);
        }
    }

    [Fact]
    public async Task Predict_EveryDtypeColumnar_RoundTripsWithBatchOfTwo()
    {
        var inputs = string.Join(',', s_cases.Select(c => $"\"x_{c.Type}\":[{c.Values},{c.Values}]"));

        var (status, body) = await Host.PostJsonAsync("/v1/models/dtypes:predict", $"{{\"inputs\":{{{inputs}}}}}");

        Assert.Equal(200, status);
        foreach (var (type, values) in s_cases)
        {
            AssertJson.Equal($"[{values},{values}]", body!["outputs"]![$"y_{type}"]);
        }
    }

    [Theory]
    [InlineData("int8", "[128,0]")]
    [InlineData("uint8", "[-1,0]")]
    [InlineData("int32", "[1.5,0]")]
    [InlineData("bool", "[1,0]")]
    [InlineData("float", "[\"x\",0]")]
    public async Task Predict_ValueDoesNotFitDtype_Returns400NamingTheInput(string type, string values)
    {
        var instance = string.Join(',', s_cases.Select(c => $"\"x_{c.Type}\":{(c.Type == type ? values : c.Values)}"));

        var (status, body) = await Host.PostJsonAsync("/v1/models/dtypes:predict", $"{{\"instances\":[{{{instance}}}]}}");

        Assert.Equal(400, status);
        Assert.Contains($"x_{type}", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
