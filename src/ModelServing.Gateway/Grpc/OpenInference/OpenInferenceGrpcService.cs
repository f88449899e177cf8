using Grpc.Core;
using Inference;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Repository;
using ModelServing.Gateway.Health;
using ModelServing.Gateway.Hosting;
using ModelServing.Gateway.OpenInference;
using ModelServing.Gateway.Telemetry;
using ModelServing.Protocols.Grpc.OpenInference;

namespace ModelServing.Gateway.Grpc.OpenInference;

/// <summary>
/// The Open Inference Protocol (KServe v2) gRPC service, <c>inference.GRPCInferenceService</c>: the same answers as the
/// <c>/v2</c> REST routes, inference on the shared <see cref="InferencePath"/>, errors through <see cref="GrpcErrors"/>.
/// </summary>
/// <remarks>
/// Readiness is an answer, not an error: a model without an AVAILABLE version (REST 400 <c>{"ready": false}</c>) and a
/// gateway that is not ready (REST 503) answer OK with <c>ready = false</c>; an unknown model or version is NOT_FOUND, as on REST.
/// </remarks>
internal sealed class OpenInferenceGrpcService(InferenceService dataPlane, InferencePath path, ReadinessProbe probe)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    [NotHeldAtStartup]
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    [NotHeldAtStartup]
    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = probe.Check().Ready });

    [NotHeldAtStartup]
    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var response = new ServerMetadataResponse { Name = OpenInferenceEndpoints.ServerName, Version = OpenInferenceEndpoints.ServerVersion };
        response.Extensions.AddRange(OpenInferenceEndpoints.ServerExtensions);
        return Task.FromResult(response);
    }

    [NotHeldAtStartup]
    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Answer(() =>
        {
            var statuses = dataPlane.GetStatus(ModelName(request.Name), Select(request.Version));
            return new ModelReadyResponse { Ready = statuses.Any(s => s.State == ModelVersionState.Available) };
        });

    [NotHeldAtStartup]
    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context) =>
        Answer(() =>
        {
            var metadata = dataPlane.GetMetadata(ModelName(request.Name), Select(request.Version));
            return ModelMetadataMessage.Create(metadata, OpenInferenceEndpoints.MetadataVersions(dataPlane, metadata, request.Version.Length == 0));
        });

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            // The caller's gRPC deadline reaches the batcher as REST's X-Request-Timeout-Ms does.
            var deadline = path.Start(context.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(context.Deadline.ToUniversalTime()));
            var target = new ModelTarget(ModelName(request.ModelName), Select(request.ModelVersion));
            var call = new ModelInferCall(request);
            var http = context.GetHttpContext();
            await path.RunAsync(call, ModelInferAdapter.Instance, target, deadline, lease => RequestTelemetryFeature.Served(http, lease), context.CancellationToken);
            return call.Response ?? throw new InvalidOperationException("The adapter wrote no response.");
        }
        catch (ServingException ex)
        {
            throw GrpcErrors.ToRpcException(ex, context);
        }
    }

    private static Task<T> Answer<T>(Func<T> answer)
    {
        try
        {
            return Task.FromResult(answer());
        }
        catch (ServingException ex)
        {
            throw GrpcErrors.ToRpcException(ex);
        }
    }

    private static string ModelName(string name) =>
        name.Length > 0 ? name : throw ServingException.Invalid("The request has no model name");

    private static VersionSelector Select(string version) =>
        OpenInferenceEndpoints.Select(version.Length > 0 ? version : null) ?? throw OpenInferenceEndpoints.BadVersion(version);
}
