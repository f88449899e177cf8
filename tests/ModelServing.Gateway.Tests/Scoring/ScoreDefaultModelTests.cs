using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scoring;

public sealed class ScoreDefaultModelTests
{
    [Fact]
    public async Task Score_OnlyModelInRepository_IsTheDefault()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var (status, body) = await host.PostJsonAsync("/score", """{"data": [[2000, 2, 45]], "method": "predict_proba"}""");

        Assert.Equal(200, status);
        Assert.Equal(2, body![0]!.AsArray().Count);
    }

    [Fact]
    public async Task Score_DefaultModelSetting_PicksAmongSeveralModels()
    {
        using var repository = new TestRepository().WithLoans().WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root, "--Score:DefaultModel", "loans");

        var (status, body) = await host.PostJsonAsync("/score", """{"data": [{"income": 8000, "credit_cards": 0, "age": 30}]}""");

        Assert.Equal(200, status);
        Assert.Equal(1, body![0]!.GetValue<long>());
    }
}
