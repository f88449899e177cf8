using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>
/// A gateway process serving the example loans model from Azure Blob Storage (a real Azurite, <c>MODEL_REPOSITORY=az://…</c>)
/// and from GCS as Vertex AI deploys it (<c>AIP_STORAGE_URI=gs://…</c> on the GCS JSON API TEST DOUBLE, reached through
/// <c>STORAGE_EMULATOR_HOST</c>; no GCS emulator is reachable here): serving, a new version, and bad credentials or content.
/// </summary>
public sealed class RemoteRepositoryAzureGcsTests
{
    private static readonly string s_loans = Path.Combine(ExampleModels.RepositoryRoot, "models", "loans");

    [Fact]
    public async Task AzureRepository_ExampleLoansFromAzurite_ServesThenPicksUpNewVersion()
    {
        await using var remote = await AzureRepository.StartAsync();
        await remote.UploadAsync(s_loans, "loans");
        var port = GatewayProcess.FreePort();
        var environment = remote.Environment();
        environment["MODEL_REPOSITORY"] = remote.Uri;
        await using var gateway = GatewayProcess.Start(port, environment, ["--urls", Url(port), .. RemoteRepositoryTests.FastSync]);
        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);

        using var predicted = await gateway.Client.PostAsync("/v1/models/loans:predict", LoansRequest());
        await remote.PutFileAsync("loans/2/model.onnx", Path.Combine(s_loans, "1", "model.onnx"));
        await RemoteRepositoryTests.WaitForAsync(async () => (await AvailableVersionsAsync(gateway, "loans")).SequenceEqual(["2"]), "version 2 of loans", gateway);
        using var after = await gateway.Client.PostAsync("/v1/models/loans/versions/2:predict", LoansRequest());

        Assert.Equal(200, (int)predicted.StatusCode);
        Assert.Equal(await predicted.Content.ReadAsStringAsync(), await after.Content.ReadAsStringAsync());
        Assert.Contains("probabilities", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureRepository_WrongAccountKey_ReadinessSaysAccessDeniedWithoutTheKey()
    {
        await using var remote = await AzureRepository.StartAsync();
        await remote.UploadAsync(s_loans, "loans");
        const string WrongKey = "d3JvbmctYWNjb3VudC1rZXktdGhhdC1tdXN0LW5vdC1sZWFr";
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start(port, remote.Environment(WrongKey), ["--urls", Url(port), "--model-repository", remote.Uri, .. RemoteRepositoryTests.FastSync]);

        var readiness = await RemoteRepositoryTests.WaitForReadinessAsync(gateway, "access denied", "readiness to name the refused key");

        Assert.Contains(remote.Uri, readiness, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, readiness, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VertexAipStorageUriOnGcs_ExampleLoans_ServesAnonymouslyThenPicksUpNewVersion()
    {
        await using var remote = await GcsRepository.StartAsync();
        remote.Upload(s_loans, "loans");
        var gateway = await StartVertexAsync(remote);
        await using (gateway)
        {
            using var predicted = await gateway.Client.PostAsync("/predict", LoansRequest());
            remote.PutFile("loans/2/model.onnx", Path.Combine(s_loans, "1", "model.onnx"));
            await RemoteRepositoryTests.WaitForAsync(async () => (await AvailableVersionsAsync(gateway, "loans")).SequenceEqual(["2"]), "version 2 of loans", gateway);
            using var after = await gateway.Client.PostAsync("/predict", LoansRequest());

            Assert.Equal(200, (int)predicted.StatusCode);
            Assert.Equal(await predicted.Content.ReadAsStringAsync(), await after.Content.ReadAsStringAsync());
            Assert.Equal(0, remote.Server.AuthorizedRequests);
        }
    }

    [Fact]
    public async Task VertexAipStorageUriOnGcs_CorruptedNewVersion_DataLossStatusAndOldVersionKeepsServing()
    {
        await using var remote = await GcsRepository.StartAsync();
        remote.Upload(s_loans, "loans");
        var gateway = await StartVertexAsync(remote);
        await using (gateway)
        {
            remote.Server.Corrupt(GcsRepository.Bucket);
            remote.PutFile("loans/2/model.onnx", Path.Combine(s_loans, "1", "model.onnx"));
            JsonNode? status = null;
            await RemoteRepositoryTests.WaitForAsync(
                async () =>
                {
                    using var response = await gateway.Client.GetAsync("/v1/models/loans/versions/2");
                    status = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["model_version_status"]?[0];
                    return status?["status"]?["error_code"]?.GetValue<string>() == "DATA_LOSS";
                },
                "version 2 to be rejected",
                gateway);
            using var predicted = await gateway.Client.PostAsync("/predict", LoansRequest());

            Assert.Contains("2/model.onnx does not match its CRC32C checksum", status!["status"]!["error_message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(200, (int)predicted.StatusCode);
            Assert.Equal(["1"], await AvailableVersionsAsync(gateway, "loans"));
        }
    }

    /// <summary>A gateway configured as Vertex AI configures the container: AIP_STORAGE_URI names the loans model's directory.</summary>
    private static async Task<GatewayProcess> StartVertexAsync(GcsRepository remote)
    {
        var port = GatewayProcess.FreePort();
        var environment = remote.Environment();
        environment["AIP_STORAGE_URI"] = $"{remote.Uri}/loans";
        environment["AIP_HTTP_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        environment["AIP_HEALTH_ROUTE"] = "/health";
        environment["AIP_PREDICT_ROUTE"] = "/predict";
        var gateway = GatewayProcess.Start(port, environment, RemoteRepositoryTests.FastSync);
        if (!await gateway.WaitForAsync("/health", TimeSpan.FromSeconds(60)))
        {
            var output = gateway.Output;
            await gateway.DisposeAsync();
            Assert.Fail(output);
        }

        return gateway;
    }

    private static JsonContent LoansRequest() =>
        JsonContent.Create(JsonNode.Parse("""{"instances":[{"income":2000,"credit_cards":2,"age":45},{"income":8000,"credit_cards":0,"age":30}]}"""));

    private static async Task<string[]> AvailableVersionsAsync(GatewayProcess gateway, string model)
    {
        using var response = await gateway.Client.GetAsync($"/v1/models/{model}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return [.. body?["model_version_status"]?.AsArray()
            .Where(v => v!["state"]!.GetValue<string>() == "AVAILABLE")
            .Select(v => v!["version"]!.GetValue<string>()) ?? []];
    }

    private static string Url(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
}
