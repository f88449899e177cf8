using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Tensors;

/// <summary>Rows per request (Limits:MaxRowsPerRequest, default 65536) through every REST protocol: 400 in its own shape, before anything is queued.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RequestSizeLimitTests(GatewayFixture fixture)
{
    private const int Rows = 65_537;
    private const string Expected = "Input 'income' has 65537 rows; at most 65536 rows are allowed per request";

    private GatewayHost Host => fixture.Host;

    private static string Column => $"[{string.Join(',', Enumerable.Repeat("1", Rows))}]";

    private static string Columnar(string column) => $$"""{"inputs":{"income":{{column}},"credit_cards":{{column}},"age":{{column}}""" + "}}";

    [Fact]
    public async Task TensorFlowServing_ColumnarRowsPastTheLimit_Answers400()
    {
        var (status, json) = await Host.PostJsonAsync(
            "/v1/models/loans:predict", Columnar(Column));

        Assert.Equal((400, Expected), (status, json!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OpenInference_RowsPastTheLimit_Answers400()
    {
        string Input(string name) => $$"""{"name":"{{name}}","shape":[{{Rows}}],"datatype":"FP32","data":{{Column}}}""";

        var (status, json) = await Host.PostJsonAsync(
            "/v2/models/loans/infer", $$"""{"inputs":[{{Input("income")}},{{Input("credit_cards")}},{{Input("age")}}]}""");

        Assert.Equal((400, Expected), (status, json!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Score_RowsPastTheLimit_Answers400()
    {
        var rows = string.Join(',', Enumerable.Repeat("[2000,2,45]", Rows));

        var (status, json) = await Host.PostJsonAsync("/score/loans", $$"""{"data":[{{rows}}]}""");

        Assert.Equal((400, Expected), (status, json!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TensorFlowServing_RowsAtTheLimit_Answers200()
    {
        const int rows = 65_536;
        var column = $"[{string.Join(',', Enumerable.Repeat("1", rows))}]";

        var (status, json) = await Host.PostJsonAsync(
            "/v1/models/loans:predict", Columnar(column));

        Assert.Equal(200, status);
        Assert.Equal(rows, json!["outputs"]!["approved"]!.AsArray().Count);
    }
}
