using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Warm-up request files are TF Serving REST predict bodies (row or columnar), as TF Serving's own warm-up records are predict requests.</summary>
public sealed class PredictWarmupRequestReader : IWarmupRequestReader
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, TensorData> Read(ReadOnlyMemory<byte> body, ModelSignature signature) =>
        PredictRequestReader.Read(body, signature).Inputs;
}
