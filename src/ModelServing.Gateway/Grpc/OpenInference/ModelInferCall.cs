using Inference;

namespace ModelServing.Gateway.Grpc.OpenInference;

/// <summary>One <c>ModelInfer</c> call on the inference path: the request message, and the response once the adapter has written it.</summary>
/// <param name="Request">The request message.</param>
internal sealed record ModelInferCall(ModelInferRequest Request)
{
    /// <summary>The response, set by <see cref="ModelInferAdapter.WriteAsync"/>; null until then.</summary>
    public ModelInferResponse? Response { get; set; }
}
