using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

/// <summary>A parsed Open Inference Protocol infer request: optional id, input tensors and the outputs asked for.</summary>
/// <param name="Id">The request id, echoed in the response (null when absent).</param>
/// <param name="Inputs">Input tensors by name.</param>
/// <param name="Outputs">Requested outputs in request order; empty means every output.</param>
/// <param name="BinaryOutputs">The request-level <c>binary_data_output</c> parameter: every output in binary form.</param>
public sealed record InferRequest(
    string? Id, IReadOnlyDictionary<string, TensorData> Inputs, IReadOnlyList<RequestedOutput> Outputs, bool BinaryOutputs);

/// <summary>One entry of the request's <c>outputs</c> list.</summary>
/// <param name="Name">Output name.</param>
/// <param name="Binary">The <c>binary_data</c> parameter, or null when not given.</param>
public sealed record RequestedOutput(string Name, bool? Binary);
