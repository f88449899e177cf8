using Google.Protobuf;
using Inference;
using ModelServing.LoadGen.Http;
using Tensorflow.Serving;

namespace ModelServing.LoadGen.Grpc;

/// <summary>A gRPC request read once from a proto3 JSON file and serialized to the bytes sent with every call.</summary>
/// <param name="Method">The full method path, e.g. <c>/tensorflow.serving.PredictionService/Predict</c>.</param>
/// <param name="Body">The serialized request message and its items.</param>
public sealed record GrpcRequestFile(string Method, RequestBodyFile Body)
{
    /// <summary>The calls this tool can drive: <c>tf-predict</c> and <c>v2-infer</c>.</summary>
    public static IReadOnlyList<string> Calls { get; } = ["tf-predict", "v2-infer"];

    /// <summary>
    /// Reads <paramref name="path"/>, the request in protobuf's JSON mapping (bytes fields as standard base64, e.g. a JPEG in
    /// <c>string_val</c>), and serializes it; <paramref name="itemsOverride"/> replaces the counted items when given.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="call"/> is not one of <see cref="Calls"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid JSON request of that call.</exception>
    public static GrpcRequestFile Load(string call, string path, int? itemsOverride = null)
    {
        var json = File.ReadAllText(path);
        try
        {
            return call switch
            {
                "tf-predict" => Create("/tensorflow.serving.PredictionService/Predict", PredictRequest.Parser.ParseJson(json), itemsOverride ?? CountItems(PredictRequest.Parser.ParseJson(json))),
                "v2-infer" => Create("/inference.GRPCInferenceService/ModelInfer", ModelInferRequest.Parser.ParseJson(json), itemsOverride ?? CountItems(ModelInferRequest.Parser.ParseJson(json))),
                _ => throw new ArgumentException($"--call '{call}' is not one of {string.Join(", ", Calls)}."),
            };
        }
        catch (InvalidJsonException ex)
        {
            throw new InvalidDataException($"{path} is not a JSON {call} request: {ex.Message}", ex);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"{path} is not a JSON {call} request: {ex.Message}", ex);
        }
    }

    /// <summary>Items of a TF Serving request: dimension 0 of the first input (1 when it has no shape).</summary>
    public static int CountItems(PredictRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var first = request.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).FirstOrDefault();
        return first?.TensorShape?.Dim.Count > 0 ? (int)first.TensorShape.Dim[0].Size : 1;
    }

    /// <summary>Items of an Open Inference request: dimension 0 of the first input (1 when it has no shape).</summary>
    public static int CountItems(ModelInferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Inputs.Count > 0 && request.Inputs[0].Shape.Count > 0 ? (int)request.Inputs[0].Shape[0] : 1;
    }

    private static GrpcRequestFile Create(string method, IMessage message, int items) => new(method, new RequestBodyFile(message.ToByteArray(), items));
}
