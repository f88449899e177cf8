using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>An OTLP/HTTP collector stand-in on a loopback Kestrel: answers 200 to <c>POST /v1/{signal}</c> and keeps every body.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base address to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The protobuf bodies received, by signal (<c>traces</c>, <c>metrics</c>, <c>logs</c>).</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<byte[]>> Bodies { get; } = new(StringComparer.Ordinal);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/v1/{signal}", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var signal = (string)context.Request.RouteValues["signal"]!;
            receiver!.Bodies.GetOrAdd(signal, _ => new ConcurrentQueue<byte[]>()).Enqueue(body.ToArray());
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new OtlpReceiver(app, address);
        return receiver;
    }

    /// <summary>Every body received for <paramref name="signal"/>, as one string (protobuf keeps names and values as UTF-8).</summary>
    public string Text(string signal) =>
        Bodies.TryGetValue(signal, out var bodies) ? string.Concat(bodies.Select(b => System.Text.Encoding.UTF8.GetString(b))) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
