using System.Text;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>scripts/docker-entrypoint.sh run outside Docker against the built gateway: the contracts it maps, and exec.</summary>
public sealed class EntrypointTests
{
    private static string Script => Path.Combine(ExampleModels.RepositoryRoot, "scripts", "docker-entrypoint.sh");

    [Fact]
    public async Task VertexContract_ServesThroughTheScript_AsTheSameProcess_WithThe15MBProfile_AndStopsOnSigterm()
    {
        using var repository = new TestRepository().WithLoans();
        var port = GatewayProcess.FreePort();
        var grpcPort = GatewayProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var gateway = GatewayProcess.StartCommand("bash", port, new Dictionary<string, string>
        {
            ["MODELSERVING_GATEWAY_DLL"] = GatewayProcess.GatewayDll(),
            ["MODEL_BASE_PATH"] = repository.Root,
            ["MODEL_NAME"] = "loans",
            ["AIP_HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AIP_HEALTH_ROUTE"] = "/vertex/health",
            ["AIP_PREDICT_ROUTE"] = "/vertex/predict",
            ["GRPC_PORT"] = grpcPort,
        }, Script);

        Assert.True(await gateway.WaitForAsync("/vertex/health", TimeSpan.FromSeconds(60)), gateway.Output);
        // Vertex AI sends REST only; gRPC stays on beside it for other clients.
        using (var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:" + grpcPort))
        {
            var health = await new global::Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest());
            Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        }

        var commandLine = await File.ReadAllTextAsync($"/proc/{gateway.ProcessId}/cmdline");
        Assert.Contains("ModelServing.Gateway.dll", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("docker-entrypoint.sh", commandLine, StringComparison.Ordinal);

        using var ok = await gateway.Client.PostAsync("/vertex/predict", Json("""{"instances":[{"income":50000,"credit_cards":2,"age":40}]}"""));
        Assert.Equal(200, (int)ok.StatusCode);
        var tooLarge = """{"instances":[""" + string.Join(',', Enumerable.Repeat("""{"income":50000,"credit_cards":2,"age":40}""", 40000)) + "]}";
        Assert.True(tooLarge.Length is > 1572864 and < 32 * 1024 * 1024);
        using var rejected = await gateway.Client.PostAsync("/vertex/predict", Json(tooLarge));
        Assert.Equal(413, (int)rejected.StatusCode);

        gateway.Terminate();
        Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)), gateway.Output);
        Assert.Equal(0, gateway.ExitCode);
    }

    [Fact]
    public async Task TfServingContract_PortVariable_AndAMissingModelDirectoryIsAClearError()
    {
        using var repository = new TestRepository().WithLoans();
        var port = GatewayProcess.FreePort();
        await using (var gateway = GatewayProcess.StartCommand("bash", port, new Dictionary<string, string>
        {
            ["MODELSERVING_GATEWAY_DLL"] = GatewayProcess.GatewayDll(),
            ["MODEL_BASE_PATH"] = repository.Root,
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, Script))
        {
            Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);
            using var status = await gateway.Client.GetAsync("/v1/models/loans");
            Assert.Equal(200, (int)status.StatusCode);
        }

        await using var missing = GatewayProcess.StartCommand("bash", port, new Dictionary<string, string>
        {
            ["MODELSERVING_GATEWAY_DLL"] = GatewayProcess.GatewayDll(),
            ["MODEL_BASE_PATH"] = Path.Combine(repository.Root, "absent"),
        }, Script);
        Assert.True(await missing.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(64, missing.ExitCode);
        Assert.Contains("does not exist", missing.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TfServingContract_RemoteModelBasePath_PassedToTheGatewayNotCheckedAsADirectory()
    {
        await using var remote = await S3Repository.StartAsync();
        using (var local = new TestRepository().WithAdders(1))
        {
            await remote.UploadAsync(local.Root);
        }

        var port = GatewayProcess.FreePort();
        var environment = remote.Environment();
        environment["MODELSERVING_GATEWAY_DLL"] = GatewayProcess.GatewayDll();
        environment["MODEL_BASE_PATH"] = remote.Uri;
        environment["MODEL_NAME"] = "adder";
        environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var gateway = GatewayProcess.StartCommand("bash", port, environment, Script);

        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
