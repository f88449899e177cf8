using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Onnx.Tensors;

/// <summary>Checks that run inputs fit a signature: names, element types, ranks and fixed dimensions.</summary>
/// <remarks>Callers validate requests first; this is the last line of defence before native code sees the data.</remarks>
internal static class InputValidator
{
    /// <summary>Throws an <see cref="ServingErrorKind.InvalidInput"/> error naming the first input that does not fit.</summary>
    public static void Validate(ModelSignature signature, IReadOnlyDictionary<string, TensorData> inputs)
    {
        foreach (var spec in signature.Inputs)
        {
            if (!inputs.TryGetValue(spec.Name, out var tensor) || tensor is null)
            {
                throw ServingException.Invalid($"missing input '{spec.Name}'");
            }

            if (tensor.DataType != spec.DataType)
            {
                throw ServingException.Invalid(
                    $"input '{spec.Name}' expects type {OnnxElementTypes.Name(spec.DataType)} but got {OnnxElementTypes.Name(tensor.DataType)}");
            }

            if (!Fits(spec.Shape, tensor.Shape))
            {
                throw ServingException.Invalid(
                    $"input '{spec.Name}' expects shape [{string.Join(',', spec.Shape)}] but got [{string.Join(',', tensor.Shape)}]");
            }
        }

        if (inputs.Count != signature.Inputs.Count)
        {
            foreach (var name in inputs.Keys)
            {
                if (signature.FindInput(name) is null)
                {
                    throw ServingException.Invalid($"the model has no input '{name}'");
                }
            }
        }
    }

    private static bool Fits(IReadOnlyList<long> expected, IReadOnlyList<long> actual)
    {
        if (expected.Count != actual.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i] >= 0 && expected[i] != actual[i])
            {
                return false;
            }
        }

        return true;
    }
}
