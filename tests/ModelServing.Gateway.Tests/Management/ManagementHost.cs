using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.Gateway.Hosting;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Management;

/// <summary>An in-process gateway with the management API on and the runners counted.</summary>
internal sealed class ManagementHost : IAsyncDisposable
{
    public const string Key = "test-management-key-0123456789";

    private readonly WebApplication _app;

    private ManagementHost(WebApplication app, Uri address, CountingRunnerFactory runners)
    {
        _app = app;
        Runners = runners;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public CountingRunnerFactory Runners { get; }

    public ModelManager Manager => _app.Services.GetRequiredService<ModelManager>();

    public static async Task<ManagementHost> StartAsync(string repositoryRoot, params string[] extraArgs)
    {
        CountingRunnerFactory? counting = null;
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--grpc-port", "0", "--model-repository", repositoryRoot, "--Logging:LogLevel:Default", "Warning",
            "--Management:Enabled", "true", "--Management:ApiKey", Key, .. extraArgs,
        ];
        var app = GatewayApplication.Create(args, builder =>
        {
            var real = builder.Services.First(d => d.ServiceType == typeof(IModelRunnerFactory));
            builder.Services.RemoveAll<IModelRunnerFactory>();
            builder.Services.AddSingleton<IModelRunnerFactory>(sp =>
                counting = new CountingRunnerFactory((IModelRunnerFactory)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
        });
        await app.StartAsync();
        var manager = app.Services.GetRequiredService<ModelManager>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!manager.InitialLoadCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ManagementHost(app, new Uri(address), counting!);
    }

    public async Task<(int Status, JsonNode? Body)> ManageAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, await GatewayHost.ReadJsonAsync(response));
    }

    public async Task<(int Status, JsonNode? Body)> PredictAsync(string model, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync($"/v1/models/{model}:predict", content);
        return ((int)response.StatusCode, await GatewayHost.ReadJsonAsync(response));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
