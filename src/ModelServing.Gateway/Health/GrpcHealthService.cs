using Grpc.Core;
using Grpc.Health.V1;
using ModelServing.Gateway.Hosting;
using ModelServing.Gateway.Telemetry;
using HealthBase = Grpc.Health.V1.Health.HealthBase;

namespace ModelServing.Gateway.Health;

/// <summary><c>grpc.health.v1.Health</c>: readiness over gRPC, for the whole gateway (<c>""</c>), a gRPC service, or a model.</summary>
/// <remarks>
/// As the gRPC health protocol says: <c>Check</c> on an unknown name fails with <c>NOT_FOUND</c>; <c>Watch</c> sends the
/// current status at once (<c>SERVICE_UNKNOWN</c> for an unknown name, kept open until the name becomes known) and every
/// change after it, looking every <see cref="WatchInterval"/>; at most <c>Grpc:MaxHealthWatches</c> are open at once. Once shutdown begins, <c>Watch</c> sends NOT_SERVING and
/// ends the call, so open watches do not hold the drain. Open without an API key, like <c>/readyz</c>: Kubernetes' gRPC
/// probe cannot send metadata. Never held at startup: it describes state as it is.
/// </remarks>
[NotHeldAtStartup]
internal sealed class GrpcHealthService(GrpcHealthStatus status, HealthWatchSlots watches, IHostApplicationLifetime lifetime, TimeProvider timeProvider)
    : HealthBase
{
    /// <summary>How often an open <c>Watch</c> looks for a change.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private const int MaxNameInMessage = 128;

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = status.Of(request.Service) ?? throw new RpcException(new Status(
            StatusCode.NotFound,
            $"Unknown service '{Cut(request.Service)}': name a model, a gRPC service, or '' for the whole gateway."));
        RequestTelemetryFeature.Named(context, request.Service);
        return Task.FromResult(new HealthCheckResponse { Status = current });
    }

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        if (!watches.TryEnter())
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "Too many health watches are open; poll with Check or try again later."));
        }

        try
        {
            await WatchAsync(request, responseStream, context);
        }
        finally
        {
            watches.Exit();
        }
    }

    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        HealthCheckResponse.Types.ServingStatus? sent = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var current = status.Of(request.Service) ?? HealthCheckResponse.Types.ServingStatus.ServiceUnknown;
            if (current != sent)
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken);
                sent = current;
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(WatchInterval, timeProvider, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutdown began (one more round sends NOT_SERVING) or the caller left.
            }
        }
    }

    private static string Cut(string name) => name.Length <= MaxNameInMessage ? name : name[..MaxNameInMessage] + "...";
}
