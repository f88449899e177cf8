using ModelServing.Core.DataPlane;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;
using ModelServing.Gateway.Http;
using ModelServing.Protocols.Scoring;

namespace ModelServing.Gateway.Scoring;

/// <summary>AzureML <c>/score</c> on the inference path: rows in, one answer per row out, from the output the method picks.</summary>
internal sealed class ScoreAdapter : IInferenceAdapter<HttpCall, ScoreAdapter.Call>
{
    /// <summary>The one adapter (it holds no state).</summary>
    public static readonly ScoreAdapter Instance = new();

    private ScoreAdapter()
    {
    }

    public Call Read(HttpCall call, VersionLease lease)
    {
        var request = ScoreRequestReader.Read(call.Body, lease.Signature);
        return new Call(request, ScoreOutputs.Choose(lease.Signature, request.Method));
    }

    public IReadOnlyDictionary<string, TensorData> Inputs(Call request) => request.Request.Inputs;

    public ValueTask WriteAsync(HttpCall call, Call request, InferenceResult result)
    {
        var tensor = result.Outputs.First(o => o.Key == request.Output).Value;
        return new(JsonOutput.WriteAsync(call.Context, StatusCodes.Status200OK, writer => ScoreOutputs.WriteRows(writer, request.Output, tensor)));
    }

    /// <summary>A decoded scoring request and the output that answers it.</summary>
    internal sealed record Call(ScoreRequest Request, string Output);
}
