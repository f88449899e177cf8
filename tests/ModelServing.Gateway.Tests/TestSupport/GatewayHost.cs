using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Core.Repository;
using ModelServing.Gateway.Hosting;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>The real gateway on Kestrel, listening on a loopback port, over a test repository.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The gRPC channel to the gateway's gRPC port, when started by <see cref="StartWithGrpcAsync"/>.</summary>
    public GrpcChannel? Channel { get; private set; }

    /// <summary>Starts the gateway with gRPC on a free loopback port and opens a channel to it.</summary>
    public static async Task<GatewayHost> StartWithGrpcAsync(string repositoryRoot, params string[] extraArgs)
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        probe.Stop();
        string[] args = ["--grpc-port", port, .. extraArgs];
        var host = await StartAsync(repositoryRoot, args);
        host.Channel = GrpcChannel.ForAddress("http://127.0.0.1:" + port);

        return host;
    }

    /// <summary>Starts the gateway and waits until the first repository load has finished.</summary>
    public static async Task<GatewayHost> StartAsync(string repositoryRoot, params string[] extraArgs)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--grpc-port", "0", "--model-repository", repositoryRoot, "--Logging:LogLevel:Default", "Warning", .. extraArgs];
        var app = GatewayApplication.Create(args);
        await app.StartAsync();
        // REST's address, not the HTTP/2-only gRPC endpoint when one is configured.
        var grpcSuffix = ":" + app.Configuration["Grpc:Port"];
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => grpcSuffix == ":0" || !a.EndsWith(grpcSuffix, StringComparison.Ordinal));
        var manager = app.Services.GetRequiredService<ModelManager>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!manager.InitialLoadCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return new GatewayHost(app, new Uri(address));
    }

    public async Task<(int Status, JsonNode? Body)> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<(int Status, JsonNode? Body)> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(path, content);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<(int Status, JsonNode? Body)> PostBytesAsync(string path, byte[] body, string? contentEncoding = null)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        using var response = await Client.PostAsync(path, content);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return null;
        }

        return JsonNode.Parse(text);
    }

    public async Task<(int Status, string Body)> PostRawAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Channel?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
