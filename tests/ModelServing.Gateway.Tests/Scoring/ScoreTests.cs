using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scoring;

[Collection(GatewayCollection.Name)]
public sealed class ScoreTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Score_PositionalAndNamedRows_GiveTheSameAnswers()
    {
        var (s1, positional) = await Host.PostJsonAsync("/score/loans", """{"data": [[2000, 2, 45], [500, 5, 70]]}""");
        var (s2, named) = await Host.PostJsonAsync(
            "/score/loans", """{"data": [{"income": 2000, "credit_cards": 2, "age": 45}, {"age": 70, "income": 500, "credit_cards": 5}]}""");

        Assert.Equal(200, s1);
        Assert.Equal(200, s2);
        Assert.Equal(positional!.ToJsonString(), named!.ToJsonString());
        Assert.Equal(2, positional.AsArray().Count);
    }

    [Fact]
    public async Task Score_PredictAndPredictProba_AnswerApprovedAndProbabilitiesLikeTensorFlowServing()
    {
        var (_, tf) = await Host.PostJsonAsync("/v1/models/loans:predict", """{"inputs":{"income":[2000,500],"credit_cards":[2,5],"age":[45,70]}}""");

        var (s1, predict) = await Host.PostJsonAsync("/score/loans", """{"data": [[2000, 2, 45], [500, 5, 70]], "method": "predict"}""");
        var (s2, proba) = await Host.PostJsonAsync("/score/loans", """{"data": [[2000, 2, 45], [500, 5, 70]], "method": "predict_proba"}""");

        Assert.Equal(200, s1);
        Assert.Equal(200, s2);
        Assert.Equal(tf!["outputs"]!["approved"]!.ToJsonString(), predict!.ToJsonString());
        Assert.Equal(tf["outputs"]!["probabilities"]!.ToJsonString(), proba!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"data": [[2000, 2]]}""", "age")]
    [InlineData("""{"data": [[2000, 2, 45, 1]]}""", "inputs")]
    [InlineData("""{"data": [{"income": 2000, "credit_cards": 2, "agee": 45}]}""", "agee")]
    [InlineData("""{"data": [["2000", 2, 45]]}""", "income")]
    [InlineData("""{"data": []}""", "rows")]
    [InlineData("""{"data": [[2000, 2, 45]], "method": "transform"}""", "transform")]
    [InlineData("""{"data": [[2000, 2, 45]""", "JSON")]
    public async Task Score_BadRequest_Returns400NamingTheProblem(string json, string named)
    {
        var (status, body) = await Host.PostJsonAsync("/score/loans", json);

        Assert.Equal(400, status);
        Assert.Contains(named, body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_WithoutDefaultAmongSeveralModels_Returns400SayingHowToChoose()
    {
        var (status, body) = await Host.PostJsonAsync("/score", """{"data": [[2000, 2, 45]]}""");

        Assert.Equal(400, status);
        Assert.Contains("Score:DefaultModel", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_UnknownModel_Returns404()
    {
        var (status, body) = await Host.PostJsonAsync("/score/nosuch", """{"data": [[1]]}""");

        Assert.Equal(404, status);
        Assert.Contains("nosuch", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_ModelWithoutProbabilities_RefusesPredictProba()
    {
        var (status, body) = await Host.PostJsonAsync("/score/strings", """{"data": ["YQ=="], "method": "predict_proba"}""");

        Assert.True(status == 400, body?.ToJsonString());
        Assert.Contains("predict_proba", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_InputWithMoreThanOneValuePerRow_Returns400PointingToTheTensorRoutes()
    {
        var (status, body) = await Host.PostJsonAsync("/score/adder", """{"data": [[1, 2, 3]]}""");

        Assert.Equal(400, status);
        Assert.Contains("v2", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwaggerJson_AtTheRoot_IsTheGatewayDocumentWithScoreRoutes()
    {
        var (status, body) = await Host.GetJsonAsync("/swagger.json");

        Assert.Equal(200, status);
        Assert.NotNull(body!["paths"]!["/score"]);
        Assert.NotNull(body["paths"]!["/score/{name}"]);
        Assert.NotNull(body["paths"]!["/v2/models/{name}/infer"]);
    }
}
