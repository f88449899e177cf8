using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Health;

[Collection(GatewayCollection.Name)]
public sealed class HealthTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Healthz_ProcessUp_Returns200()
    {
        var (status, body) = await fixture.Host.GetJsonAsync("/healthz");

        Assert.Equal(200, status);
        Assert.Equal("alive", body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readyz_SomeModelWithoutAvailableVersion_Returns503WithReasons()
    {
        var (status, body) = await fixture.Host.GetJsonAsync("/readyz");

        Assert.Equal(503, status);
        var reasons = body!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains(reasons, r => r.StartsWith("model broken: version 1 is END", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("model badconfig:", StringComparison.Ordinal));
        Assert.DoesNotContain(reasons, r => r.StartsWith("model loans", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_AllModelsAvailable_Returns200()
    {
        using var repository = new TestRepository().WithLoans().WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var (status, body) = await host.GetJsonAsync("/readyz");

        Assert.Equal(200, status);
        Assert.Equal("ready", body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readyz_MissingRepository_Returns503NamingIt()
    {
        await using var host = await GatewayHost.StartAsync("/nonexistent/models-dir");

        var (status, body) = await host.GetJsonAsync("/readyz");

        Assert.Equal(503, status);
        Assert.Contains("does not exist", body!["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
