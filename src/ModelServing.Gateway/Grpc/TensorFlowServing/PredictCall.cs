using Tensorflow.Serving;

namespace ModelServing.Gateway.Grpc.TensorFlowServing;

/// <summary>One gRPC Predict call on the inference path: the request message, and the answer once the adapter has written it.</summary>
/// <param name="message">The request.</param>
internal sealed class PredictCall(PredictRequest message)
{
    /// <summary>The request.</summary>
    public PredictRequest Message { get; } = message;

    /// <summary>The answer, set by <see cref="GrpcPredictAdapter.WriteAsync"/>.</summary>
    public PredictResponse? Response { get; set; }
}
