using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

/// <summary>Load-time checks graph stages share; each failure names the stage and the input.</summary>
public static class GraphStageChecks
{
    /// <summary>The input must be decoded images.</summary>
    public static GraphValueSpec Images(string stage, IReadOnlyDictionary<string, GraphValueSpec> inputs, string name)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var spec = inputs[name];
        return spec.IsImage ? spec : throw new ModelLoadException($"stage '{stage}' input '{name}' needs images, but it is given {spec.Describe()}");
    }

    /// <summary>The input must be a tensor of <paramref name="type"/> with one row per instance (<paramref name="perItem"/> false) or per item.</summary>
    public static GraphValueSpec Tensor(string stage, IReadOnlyDictionary<string, GraphValueSpec> inputs, string name, TensorDataType type, bool perItem)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var spec = inputs[name];
        if (spec.Tensor?.DataType != type || (spec.FanOut is not null) != perItem)
        {
            throw new ModelLoadException(
                $"stage '{stage}' input '{name}' needs {TensorDataTypes.TensorFlowName(type)} {(perItem ? "per item" : "per instance")}, but it is given {spec.Describe()}");
        }

        return spec;
    }
}
