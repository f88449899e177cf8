namespace ModelServing.Core.Tensors;

/// <summary>The inputs and outputs of a loaded model version, in the model's declared order.</summary>
/// <param name="Inputs">Input tensors.</param>
/// <param name="Outputs">Output tensors.</param>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    /// <summary>The input named <paramref name="name"/>, or null.</summary>
    public TensorSpec? FindInput(string name)
    {
        foreach (var spec in Inputs)
        {
            if (spec.Name == name)
            {
                return spec;
            }
        }

        return null;
    }

    /// <summary>The output named <paramref name="name"/>, or null.</summary>
    public TensorSpec? FindOutput(string name)
    {
        foreach (var spec in Outputs)
        {
            if (spec.Name == name)
            {
                return spec;
            }
        }

        return null;
    }
}
