using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

public static partial class InferRequestReader
{
    /// <summary>Throws when a requested output is not one of the signature's: checked before the model runs, so it costs no inference.</summary>
    /// <exception cref="ServingException">Invalid input naming the unknown output and the model's outputs.</exception>
    public static void CheckOutputs(IReadOnlyList<RequestedOutput> outputs, ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(signature);
        foreach (var wanted in outputs)
        {
            if (signature.Outputs.All(o => o.Name != wanted.Name))
            {
                throw ServingException.Invalid(
                    $"Unknown output '{wanted.Name}'; the model's outputs are: {string.Join(", ", signature.Outputs.Select(o => o.Name))}");
            }
        }
    }
}
