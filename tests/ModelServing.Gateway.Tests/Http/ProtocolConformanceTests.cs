using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Http;

/// <summary>The same cases through TF Serving REST, Open Inference v2 and /score: the answers and the error statuses agree.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProtocolConformanceTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    public static TheoryData<float[], float[], float[]> LoanCases => new()
    {
        { [2000], [2], [45] },
        { [2000, 8000, 500], [2, 0, 5], [45, 30, 70] },
        { [0, 10000], [0, 10], [18, 99] },
    };

    [Theory]
    [MemberData(nameof(LoanCases))]
    public async Task Loans_SameRowsThroughEveryProtocol_SameApprovedAndProbabilities(float[] income, float[] cards, float[] age)
    {
        var tf = await PostOkAsync("/v1/models/loans:predict", $$$"""{"inputs":{"income":{{{Json(income)}}},"credit_cards":{{{Json(cards)}}},"age":{{{Json(age)}}}}}""");
        var v2 = await PostOkAsync("/v2/models/loans/infer", $$"""
            {"inputs":[{"name":"income","shape":[{{income.Length}}],"datatype":"FP32","data":{{Json(income)}}},
                       {"name":"credit_cards","shape":[{{cards.Length}}],"datatype":"FP32","data":{{Json(cards)}}},
                       {"name":"age","shape":[{{age.Length}}],"datatype":"FP32","data":{{Json(age)}}}]}
            """);
        var rows = string.Join(',', income.Select((_, i) => $"[{income[i]},{cards[i]},{age[i]}]"));
        var scorePredict = await PostOkAsync("/score/loans", $$"""{"data":[{{rows}}],"method":"predict"}""");
        var scoreProba = await PostOkAsync("/score/loans", $$"""{"data":[{{rows}}],"method":"predict_proba"}""");

        var approved = tf["outputs"]!["approved"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
        var probabilities = tf["outputs"]!["probabilities"]!.AsArray().SelectMany(r => r!.AsArray()).Select(v => v!.GetValue<float>()).ToArray();
        var v2Outputs = v2["outputs"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>(), o => o!["data"]!.AsArray());
        Assert.Equal(approved, v2Outputs["approved"].Select(v => v!.GetValue<long>()));
        Assert.Equal(probabilities, v2Outputs["probabilities"].Select(v => v!.GetValue<float>()));
        Assert.Equal(approved, scorePredict.AsArray().Select(v => v!.GetValue<long>()));
        Assert.Equal(probabilities, scoreProba.AsArray().SelectMany(r => r!.AsArray()).Select(v => v!.GetValue<float>()));
    }

    public static TheoryData<string, int, string, string, string> ErrorCases => new()
    {
        {
            "unknown model", 404,
            "/v1/models/nosuch:predict", """{"instances":[{"income":1,"credit_cards":1,"age":1}]}""",
            "/v2/models/nosuch/infer|/score/nosuch"
        },
        {
            "wrong value type", 400,
            "/v1/models/loans:predict", """{"instances":[{"income":"x","credit_cards":1,"age":1}]}""",
            "/v2/models/loans/infer|/score/loans"
        },
        {
            "missing input", 400,
            "/v1/models/loans:predict", """{"instances":[{"income":1,"credit_cards":1}]}""",
            "/v2/models/loans/infer|/score/loans"
        },
        {
            "not ready", 503,
            "/v1/models/broken:predict", """{"instances":[{"income":1,"credit_cards":1,"age":1}]}""",
            "/v2/models/broken/infer|/score/broken"
        },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Errors_SameCaseThroughEveryProtocol_SameStatusAndErrorShape(string name, int expected, string tfPath, string tfBody, string otherPaths)
    {
        var paths = otherPaths.Split('|');
        var v2Body = name switch
        {
            "wrong value type" => """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":["x"]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[1]},{"name":"age","shape":[1],"datatype":"FP32","data":[1]}]}""",
            "missing input" => """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":[1]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[1]}]}""",
            _ => """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":[1]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[1]},{"name":"age","shape":[1],"datatype":"FP32","data":[1]}]}""",
        };
        var scoreBody = name switch
        {
            "wrong value type" => """{"data":[["x",1,1]]}""",
            "missing input" => """{"data":[[1,1]]}""",
            _ => """{"data":[[1,1,1]]}""",
        };

        var answers = new[]
        {
            await Host.PostJsonAsync(tfPath, tfBody),
            await Host.PostJsonAsync(paths[0], v2Body),
            await Host.PostJsonAsync(paths[1], scoreBody),
        };

        Assert.All(answers, a =>
        {
            Assert.Equal(expected, a.Status);
            var error = Assert.IsType<JsonObject>(a.Body);
            Assert.False(string.IsNullOrEmpty(error["error"]!.GetValue<string>()));
        });
    }

    private async Task<JsonNode> PostOkAsync(string path, string json)
    {
        var (status, body) = await Host.PostJsonAsync(path, json);
        Assert.True(status == 200, $"{path}: {status} {body?.ToJsonString()}");
        return body!;
    }

    private static string Json(float[] values) => $"[{string.Join(',', values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
