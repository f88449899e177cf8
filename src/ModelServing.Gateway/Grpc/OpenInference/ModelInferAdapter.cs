using ModelServing.Core.DataPlane;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Grpc.OpenInference;
using ModelServing.Protocols.OpenInference;

namespace ModelServing.Gateway.Grpc.OpenInference;

/// <summary>Open Inference Protocol <c>ModelInfer</c> on the inference path: typed or raw tensor contents in and out.</summary>
internal sealed class ModelInferAdapter : IInferenceAdapter<ModelInferCall, InferRequest>
{
    /// <summary>The one (stateless) instance.</summary>
    public static readonly ModelInferAdapter Instance = new();

    private ModelInferAdapter()
    {
    }

    public InferRequest Read(ModelInferCall call, VersionLease lease) => ModelInferRequestReader.Read(call.Request, lease.Signature);

    public IReadOnlyDictionary<string, TensorData> Inputs(InferRequest request) => request.Inputs;

    public ValueTask WriteAsync(ModelInferCall call, InferRequest request, InferenceResult result)
    {
        call.Response = ModelInferResponseWriter.Write(request, result, InferResponseWriter.Select(request, result));
        return ValueTask.CompletedTask;
    }
}
