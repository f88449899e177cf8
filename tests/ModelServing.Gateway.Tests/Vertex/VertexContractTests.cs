using System.Text;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Vertex;

public sealed class VertexContractTests
{
    [Fact]
    public async Task AipVariables_PortRoutesAndStorageUri_ServeTheVertexContract()
    {
        using var repository = new TestRepository().WithAdders(1, 2);
        var port = GatewayProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["AIP_HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AIP_HEALTH_ROUTE"] = "/v1/endpoints/123/deployedModels/456",
            ["AIP_PREDICT_ROUTE"] = "/v1/endpoints/123/deployedModels/456:predict",
            ["AIP_STORAGE_URI"] = "file://" + Path.Combine(repository.Root, "adder"),
            ["AIP_MODE"] = "PREDICTION",
        };
        await using var gateway = GatewayProcess.Start(port, environment);

        var healthy = await gateway.WaitForAsync("/v1/endpoints/123/deployedModels/456", TimeSpan.FromSeconds(60));
        using var content = new StringContent("""{"instances":[[1,2,3],[0,0,0]],"parameters":{"confidence":0.5}}""", Encoding.UTF8, "application/json");
        using var response = await gateway.Client.PostAsync("/v1/endpoints/123/deployedModels/456:predict", content);
        var body = await GatewayHost.ReadJsonAsync(response);
        using var status = await gateway.Client.GetAsync("/v1/models/adder");

        Assert.True(healthy, gateway.Output);
        Assert.Equal(200, (int)response.StatusCode);
        AssertJson.Equal("""{"predictions":[[21,22,23],[20,20,20]]}""", body);
        Assert.Equal(200, (int)status.StatusCode);
    }

    [Fact]
    public async Task AipPredictRoute_ColumnarBody_Returns400()
    {
        using var repository = new TestRepository().WithAdders(1);
        var port = GatewayProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["AIP_HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AIP_HEALTH_ROUTE"] = "/health",
            ["AIP_PREDICT_ROUTE"] = "/predict",
            ["MODEL_REPOSITORY"] = repository.Root,
        };
        await using var gateway = GatewayProcess.Start(port, environment);
        Assert.True(await gateway.WaitForAsync("/health", TimeSpan.FromSeconds(60)), gateway.Output);

        using var content = new StringContent("""{"inputs":[[1,2,3]]}""", Encoding.UTF8, "application/json");
        using var response = await gateway.Client.PostAsync("/predict", content);
        var body = await GatewayHost.ReadJsonAsync(response);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("Vertex AI prediction requests carry 'instances', not 'inputs'.", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task NoPortSettings_ListensOnTfServingRestPort8501()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var gateway = GatewayProcess.Start(8501, new Dictionary<string, string>(), "--model-repository", repository.Root);

        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);
    }
}
