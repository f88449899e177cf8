using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Grpc.TensorFlowServing;
using Tensorflow.Serving;
using InferenceResult = ModelServing.Core.DataPlane.InferenceResult;

namespace ModelServing.Gateway.Grpc.TensorFlowServing;

/// <summary>TF Serving gRPC Predict on the inference path: its reader and its writer.</summary>
/// <param name="limits">The request size limits, checked while tensors are decoded.</param>
internal sealed class GrpcPredictAdapter(RequestSizeLimits limits) : IInferenceAdapter<PredictCall, DecodedPredict>
{
    public DecodedPredict Read(PredictCall call, VersionLease lease)
    {
        var message = call.Message;
        ModelSpecs.CheckSignature(message.ModelSpec.SignatureName);
        var filter = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in message.OutputFilter)
        {
            // TF Serving's wording (predict_util.cc).
            if (lease.Signature.FindOutput(name) is null)
            {
                throw ServingException.Invalid(
                    $"output tensor alias not found in signature: {name} Outputs expected to be in the set {{{string.Join(",", lease.Signature.Outputs.Select(o => o.Name))}}}.");
            }

            if (!filter.Add(name))
            {
                throw ServingException.Invalid($"duplicate output tensor alias: {name}");
            }
        }

        return new DecodedPredict(TensorProtoReader.ReadInputs(message.Inputs, lease.Signature, limits), filter);
    }

    public IReadOnlyDictionary<string, TensorData> Inputs(DecodedPredict request) => request.Inputs;

    public ValueTask WriteAsync(PredictCall call, DecodedPredict request, InferenceResult result)
    {
        var response = new PredictResponse { ModelSpec = ModelSpecs.Answered(result.ModelName, result.Version) };
        foreach (var (name, tensor) in result.Outputs)
        {
            if (request.OutputFilter.Count == 0 || request.OutputFilter.Contains(name))
            {
                response.Outputs[name] = TensorProtoWriter.Write(tensor);
            }
        }

        call.Response = response;
        return ValueTask.CompletedTask;
    }
}
