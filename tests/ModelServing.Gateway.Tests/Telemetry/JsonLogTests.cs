using System.Globalization;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Telemetry;

public sealed class JsonLogTests
{
    [Fact]
    public async Task LogFormatJson_Request_WritesJsonLinesWithRequestIdScope()
    {
        using var repository = new TestRepository().WithLoans();
        var port = GatewayProcess.FreePort();
        var environment = new Dictionary<string, string> { ["MODELSERVING_LOG_FORMAT"] = "json" };
        await using var gateway = GatewayProcess.Start(
            port,
            environment,
            "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--grpc-port", "0", "--model-repository", repository.Root,
            "--Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointMiddleware", "Information");
        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models/loans");
        request.Headers.Add("x-request-id", "json-log-test");
        using var response = await gateway.Client.SendAsync(request);
        JsonNode? scoped = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (scoped is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            scoped = gateway.Output.Split('\n')
                .Where(l => l.Contains("json-log-test", StringComparison.Ordinal))
                .Select(l => JsonNode.Parse(l[l.IndexOf('{', StringComparison.Ordinal)..]))
                .FirstOrDefault();
        }

        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotNull(scoped);
        Assert.Contains(scoped!["Scopes"]!.AsArray(), s => s?["XRequestId"]?.GetValue<string>() == "json-log-test");
        Assert.NotNull(scoped["Timestamp"]);
        Assert.NotNull(scoped["Category"]);
    }
}
