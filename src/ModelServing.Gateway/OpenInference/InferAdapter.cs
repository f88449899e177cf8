using System.Globalization;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;
using ModelServing.Gateway.Http;
using ModelServing.Protocols.OpenInference;

namespace ModelServing.Gateway.OpenInference;

/// <summary>Open Inference Protocol infer on the inference path: JSON or binary tensor data in and out.</summary>
/// <param name="maxDepth">Deepest JSON nesting a request header may have.</param>
internal sealed class InferAdapter(int maxDepth) : IInferenceAdapter<HttpCall, InferRequest>
{
    public InferRequest Read(HttpCall call, VersionLease lease)
    {
        var request = InferRequestReader.Read(call.Body, HeaderLength(call.Context.Request), lease.Signature, maxDepth);
        InferRequestReader.CheckOutputs(request.Outputs, lease.Signature);
        return request;
    }

    public IReadOnlyDictionary<string, TensorData> Inputs(InferRequest request) => request.Inputs;

    public async ValueTask WriteAsync(HttpCall call, InferRequest request, InferenceResult result) =>
        await InferHttpResponse.WriteAsync(call.Context, request, result, InferResponseWriter.Select(request, result));

    private static long? HeaderLength(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(OpenInferenceEndpoints.HeaderLengthName, out var values) || values.Count == 0)
        {
            return null;
        }

        return long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw ServingException.Invalid($"{OpenInferenceEndpoints.HeaderLengthName} must be a non-negative whole number of bytes");
    }
}
