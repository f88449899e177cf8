using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    /// <summary>
    /// Gives the arrays <see cref="BuildInputs"/> joined from several requests back to <see cref="TensorArrayPool"/> once
    /// the run has answered (only on success: a failed or timed-out run may still be reading them, so they go to the GC).
    /// </summary>
    /// <remarks>Requests' own tensors (a request run alone, inputs without a batch dimension) are never returned here.</remarks>
    private void ReturnJoinedInputs(Batch batch, IReadOnlyDictionary<string, TensorData> inputs, IReadOnlyDictionary<string, TensorData> outputs)
    {
        var own = batch.Segments[0].Request.Inputs;
        if (ReferenceEquals(inputs, own))
        {
            return;
        }

        foreach (var (name, tensor) in inputs)
        {
            if (!_layout.IsBatchInput(name) || Aliased(tensor.Data, outputs))
            {
                continue;
            }

            TensorArrayPool.Shared.Return(tensor.DataType, tensor.Data);
        }
    }

    /// <summary>True when a runner handed an input array back as an output, which the callers now read.</summary>
    private static bool Aliased(Array data, IReadOnlyDictionary<string, TensorData> outputs)
    {
        foreach (var output in outputs.Values)
        {
            if (ReferenceEquals(output.Data, data))
            {
                return true;
            }
        }

        return false;
    }
}
