using System.Globalization;
using System.Text;
using ModelServing.Gateway.Tests.Scenarios.Repository;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>The platform variables naming a remote repository (Vertex AI's, TF Serving's) and AzureML's mounted model directory.</summary>
public sealed class RemoteRepositorySettingsTests
{
    [Fact]
    public async Task AipStorageUri_S3DirectoryOfOneModel_ServesItOnTheVertexRoutes()
    {
        await using var remote = await S3Repository.StartAsync();
        using var local = new TestRepository().WithAdders(1, 2);
        await remote.PutFileAsync("vertex-adder/2/model.onnx", local.ModelPath("adder", 2));
        var port = GatewayProcess.FreePort();
        var environment = remote.Environment();
        environment["AIP_HTTP_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        environment["AIP_HEALTH_ROUTE"] = "/health";
        environment["AIP_PREDICT_ROUTE"] = "/predict";
        environment["AIP_STORAGE_URI"] = remote.Uri + "/vertex-adder";
        await using var gateway = GatewayProcess.Start(port, environment);
        Assert.True(await gateway.WaitForAsync("/health", TimeSpan.FromSeconds(60)), gateway.Output);

        using var content = new StringContent("""{"instances":[[0,0,0]]}""", Encoding.UTF8, "application/json");
        using var response = await gateway.Client.PostAsync("/predict", content);
        var body = await GatewayHost.ReadJsonAsync(response);
        using var status = await gateway.Client.GetAsync("/v1/models/vertex-adder");

        AssertJson.Equal("""{"predictions":[[20,20,20]]}""", body);
        Assert.Equal(200, (int)status.StatusCode);
    }

    [Fact]
    public async Task ModelBasePathAndModelName_S3RepositoryRoot_ServesOnlyThatModel()
    {
        await using var remote = await S3Repository.StartAsync();
        using (var local = new TestRepository().WithAdders(1).WithLoans())
        {
            await remote.UploadAsync(local.Root);
        }

        var port = GatewayProcess.FreePort();
        var environment = remote.Environment();
        environment["MODEL_BASE_PATH"] = remote.Uri;
        environment["MODEL_NAME"] = "adder";
        await using var gateway = GatewayProcess.Start(port, environment, "--urls", $"http://127.0.0.1:{port}");
        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);

        Assert.Equal(10, await RemoteRepositoryTests.PredictAsync(gateway));
        using var loans = await gateway.Client.GetAsync("/v1/models/loans");
        Assert.Equal(404, (int)loans.StatusCode);
    }

    [Theory]
    [InlineData("adder")]
    [InlineData("")]
    public async Task AzureMlModelDir_ModelDirectoryOrV1Layout_ServesTheModel(string below)
    {
        using var local = new TestRepository().WithAdders(1);
        var port = GatewayProcess.FreePort();
        // v1 deployments mount <model name>/<version>/ below AZUREML_MODEL_DIR; a model directory holds the versions itself.
        var environment = new Dictionary<string, string> { ["AZUREML_MODEL_DIR"] = below.Length == 0 ? local.Root : Path.Combine(local.Root, below) };
        await using var gateway = GatewayProcess.Start(port, environment, "--urls", $"http://127.0.0.1:{port}");
        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);

        Assert.Equal(10, await RemoteRepositoryTests.PredictAsync(gateway));
    }
}
