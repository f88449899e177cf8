using System.Collections.Frozen;
using Grpc.AspNetCore.Server;
using Grpc.Health.V1;
using ModelServing.Core.Repository;

namespace ModelServing.Gateway.Health;

/// <summary>What <c>grpc.health.v1.Health</c> reports for a service name.</summary>
/// <remarks>
/// The empty name and the name of any gRPC service the gateway serves (<c>tensorflow.serving.PredictionService</c>,
/// <c>inference.GRPCInferenceService</c>, <c>grpc.health.v1.Health</c>...) follow the gateway's readiness, the same answer as
/// <c>/readyz</c>: grpc-health-probe and Kubernetes probes often name the service they call. A model's name follows that
/// model: SERVING while one of its versions is AVAILABLE (NOT_SERVING while unloaded through the management API). Everything is NOT_SERVING once shutdown has begun. Any other name
/// is unknown (null). Thread-safe; the service names are read once from the endpoints, which do not change after start.
/// </remarks>
internal sealed class GrpcHealthStatus(ReadinessProbe readiness, ModelManager manager, IHostApplicationLifetime lifetime, EndpointDataSource endpoints)
{
    private FrozenSet<string>? _services;

    /// <summary>The status of <paramref name="service"/>, or null when no service or model has that name.</summary>
    public HealthCheckResponse.Types.ServingStatus? Of(string service)
    {
        if (service.Length == 0 || Services.Contains(service))
        {
            return Serving(readiness.Check().Ready);
        }

        if (!manager.Snapshot.Models.TryGetValue(service, out var model))
        {
            return manager.UnloadedModels.Contains(service) ? Serving(false) : null;
        }

        return Serving(!lifetime.ApplicationStopping.IsCancellationRequested && model.LatestAvailable() is not null);
    }

    private FrozenSet<string> Services => _services ??= endpoints.Endpoints
        .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.ServiceName)
        .OfType<string>()
        .ToFrozenSet(StringComparer.Ordinal);

    private static HealthCheckResponse.Types.ServingStatus Serving(bool serving) =>
        serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing;
}
