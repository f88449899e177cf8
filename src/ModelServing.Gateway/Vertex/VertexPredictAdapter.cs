using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;
using ModelServing.Gateway.Http;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Gateway.Vertex;

/// <summary>Vertex AI prediction on the inference path: <c>{"instances": [...]}</c> in, <c>{"predictions": [...]}</c> out.</summary>
/// <param name="options">The reader's limits.</param>
internal sealed class VertexPredictAdapter(PredictRequestReaderOptions options) : IInferenceAdapter<HttpCall, PredictRequest>
{
    public PredictRequest Read(HttpCall call, VersionLease lease)
    {
        var request = PredictRequestReader.Read(call.Body, lease.Signature, options);
        return request.Format == PredictRequestFormat.Row
            ? request
            : throw ServingException.Invalid("Vertex AI prediction requests carry 'instances', not 'inputs'.");
    }

    public IReadOnlyDictionary<string, TensorData> Inputs(PredictRequest request) => request.Inputs;

    public ValueTask WriteAsync(HttpCall call, PredictRequest request, InferenceResult result) =>
        new(JsonOutput.WriteAsync(call.Context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("predictions");
            PredictResponseWriter.WritePredictions(writer, result.Outputs);
            writer.WriteEndObject();
        }));
}
