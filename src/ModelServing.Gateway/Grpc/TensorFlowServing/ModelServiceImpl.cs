using Grpc.Core;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Gateway.Hosting;
using ModelServing.Protocols.Grpc.TensorFlowServing;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Grpc.TensorFlowServing;

/// <summary>
/// TF Serving's <c>tensorflow.serving.ModelService</c>: GetModelStatus as <c>GET /v1/models/{name}</c>;
/// HandleReloadConfigRequest answers UNIMPLEMENTED (the repository is configured by its directory and config.json files,
/// and reloaded by the watcher or the management API).
/// </summary>
internal sealed class ModelServiceImpl(InferenceService dataPlane) : ModelService.ModelServiceBase
{
    [NotHeldAtStartup]
    public override Task<GetModelStatusResponse> GetModelStatus(GetModelStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var target = ModelSpecs.Target(request.ModelSpec);
            return Task.FromResult(TensorFlowServingMessages.Status(dataPlane.GetStatus(target.Name, target.Selector)));
        }
        catch (ServingException ex)
        {
            throw GrpcErrors.ToRpcException(ex, context);
        }
    }

    public override Task<ReloadConfigResponse> HandleReloadConfigRequest(ReloadConfigRequest request, ServerCallContext context) =>
        throw GrpcErrors.Unimplemented(
            "HandleReloadConfigRequest is not implemented: the served models follow the repository directory and each model's config.json (reloaded on change), or the management API's load, unload and reload");
}
