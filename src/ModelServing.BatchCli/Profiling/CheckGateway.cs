using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelServing.Batch;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Repository;
using ModelServing.Gateway.Hosting;

namespace ModelServing.BatchCli.Profiling;

/// <summary>
/// The real gateway (<see cref="GatewayApplication"/>: Kestrel, routes, TF Serving REST adapter, batcher, ONNX Runtime) in
/// this process on a loopback port, serving one model with a trial's settings, and an HTTP client posting predict bodies to it.
/// </summary>
/// <remarks>
/// REST only (no gRPC port), no logging, no repository watching: the model's config.json is read once and adjusted in memory
/// by <see cref="TrialConfig.Apply"/>, so the repository is only read. The host does not listen to Ctrl+C itself (the
/// profile's cancellation token stops the trial, then the caller disposes this). Not thread-safe to dispose while sending.
/// </remarks>
internal sealed class CheckGateway : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly Uri _predict;

    private CheckGateway(WebApplication app, HttpClient client, Uri predict)
    {
        _app = app;
        _client = client;
        _predict = predict;
    }

    /// <summary>Starts the gateway over <paramref name="repository"/> serving only <paramref name="model"/> with <paramref name="config"/>.</summary>
    /// <param name="repository">The model repository (only read).</param>
    /// <param name="model">The model to serve.</param>
    /// <param name="config">The runtime and batching settings to serve it with.</param>
    /// <param name="connections">HTTP connections the client may open (the highest offered concurrency).</param>
    /// <param name="cancellationToken">Stops starting.</param>
    /// <exception cref="BatchJobException">The model has no AVAILABLE version with these settings.</exception>
    public static async Task<CheckGateway> StartAsync(string repository, string model, TrialConfig config, int connections, CancellationToken cancellationToken)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", "--grpc-port", "0", "--model-repository", repository];
        var app = GatewayApplication.Create(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IHostLifetime, CheckGatewayLifetime>();
            builder.Services.Configure<ModelRepositoryOptions>(o =>
            {
                o.Root = repository;
                o.SingleModelName = model;
                o.PollInterval = TimeSpan.Zero;
                o.SettleTime = TimeSpan.Zero;
                o.AdjustConfig = config.Apply;
            });
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var manager = app.Services.GetRequiredService<ModelManager>();
            while (!manager.InitialLoadCompleted)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                app.Services.GetRequiredService<InferenceService>().Acquire(model, VersionSelector.Latest).Dispose();
            }
            catch (ServingException ex)
            {
                var reasons = manager.Snapshot.Models.GetValueOrDefault(model)?.Versions
                    .Select(v => $"version {v.Number}: {v.Status.State} {v.Status.ErrorMessage}".TrimEnd()) ?? [];
                throw new BatchJobException($"Model {model} cannot serve through the gateway with {config}: {ex.Message} {string.Join("; ", reasons)}".TrimEnd(), ex);
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Math.Max(1, connections),
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            };
            var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            return new CheckGateway(app, client, new Uri(new Uri(address), $"/v1/models/{Uri.EscapeDataString(model)}:predict"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Posts <paramref name="body"/> to the model's <c>:predict</c> and reads the whole answer; true for 200.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = s_json;
            using var request = new HttpRequestMessage(HttpMethod.Post, _predict) { Content = content };
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's own timeout: the request failed.
            return false;
        }
    }

    /// <summary>Stops the gateway (the model unloads) and the client.</summary>
    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
