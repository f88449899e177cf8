using ModelServing.Core.Errors;

namespace ModelServing.Core.Tensors;

/// <summary>Checks request tensors against a model signature before anything runs.</summary>
public static class InputValidator
{
    /// <summary>Throws <see cref="ServingException"/> (invalid input) naming the first input that does not fit.</summary>
    public static void Validate(ModelSignature signature, IReadOnlyDictionary<string, TensorData> inputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var name in inputs.Keys)
        {
            if (signature.FindInput(name) is null)
            {
                throw ServingException.Invalid(
                    $"Unknown input '{name}'; the model's inputs are: {string.Join(", ", signature.Inputs.Select(i => i.Name))}");
            }
        }

        foreach (var spec in signature.Inputs)
        {
            if (!inputs.TryGetValue(spec.Name, out var tensor))
            {
                throw ServingException.Invalid($"Missing input '{spec.Name}'");
            }

            if (tensor.DataType != spec.DataType)
            {
                throw ServingException.Invalid(
                    $"Input '{spec.Name}' expects {TensorDataTypes.TensorFlowName(spec.DataType)} but got {TensorDataTypes.TensorFlowName(tensor.DataType)}");
            }

            if (!ShapeFits(spec.Shape, tensor.Shape))
            {
                throw ServingException.Invalid(
                    $"Input '{spec.Name}' expects shape {FormatShape(spec.Shape)} but got {FormatShape(tensor.Shape)}");
            }
        }
    }

    /// <summary>True when <paramref name="actual"/> has the spec's rank and matches every fixed dimension.</summary>
    public static bool ShapeFits(IReadOnlyList<long> spec, IReadOnlyList<long> actual)
    {
        if (spec.Count != actual.Count)
        {
            return false;
        }

        for (var i = 0; i < spec.Count; i++)
        {
            if (spec[i] >= 0 && spec[i] != actual[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Formats a shape as <c>[-1,3]</c>.</summary>
    public static string FormatShape(IReadOnlyList<long> shape) => $"[{string.Join(',', shape)}]";
}
