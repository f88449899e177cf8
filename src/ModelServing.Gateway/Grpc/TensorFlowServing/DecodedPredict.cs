using ModelServing.Core.Tensors;

namespace ModelServing.Gateway.Grpc.TensorFlowServing;

/// <summary>A decoded gRPC Predict request.</summary>
/// <param name="Inputs">One tensor per input, decoded against the leased signature.</param>
/// <param name="OutputFilter">The outputs to return (checked against the signature); empty for all.</param>
internal sealed record DecodedPredict(IReadOnlyDictionary<string, TensorData> Inputs, IReadOnlySet<string> OutputFilter);
