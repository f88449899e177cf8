using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;
using ModelServing.Gateway.Http;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Gateway.TensorFlowServing;

/// <summary>TF Serving REST predict (and classify/regress) on the inference path: its reader and its writer.</summary>
/// <param name="verb">The route's verb: <c>predict</c>, <c>classify</c> or <c>regress</c>.</param>
/// <param name="options">The reader's limits.</param>
internal sealed class PredictAdapter(string verb, PredictRequestReaderOptions options) : IInferenceAdapter<HttpCall, PredictRequest>
{
    public PredictRequest Read(HttpCall call, VersionLease lease)
    {
        if (verb != "predict")
        {
            // ONNX models carry one predict signature; TF Serving answers classify/regress on such a model this way.
            var expected = verb == "classify" ? "classification" : "regression";
            throw ServingException.Invalid($"Expected {expected} signature method_name to be tensorflow/serving/{verb}. Was: tensorflow/serving/predict");
        }

        var request = PredictRequestReader.Read(call.Body, lease.Signature, options);
        if (request.SignatureName is { Length: > 0 } signature && signature != TensorFlowServingJson.DefaultSignature)
        {
            throw ServingException.Invalid($"Serving signature name: \"{signature}\" not found in signature def");
        }

        return request;
    }

    public IReadOnlyDictionary<string, TensorData> Inputs(PredictRequest request) => request.Inputs;

    public ValueTask WriteAsync(HttpCall call, PredictRequest request, InferenceResult result) =>
        new(JsonOutput.WriteAsync(call.Context, StatusCodes.Status200OK, writer => PredictResponseWriter.Write(writer, request.Format, result.Outputs)));
}
