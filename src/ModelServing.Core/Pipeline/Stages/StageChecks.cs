using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline.Stages;

/// <summary>Checks a stage's source tensor when the stage is built.</summary>
internal static class StageChecks
{
    public static void RequireFloat(string stage, TensorSpec source)
    {
        if (source.DataType != TensorDataType.Float || source.Shape.Count == 0)
        {
            throw new ModelLoadException(
                $"stage '{stage}' needs a float tensor with at least one dimension, but '{source.Name}' is {TensorDataTypes.TensorFlowName(source.DataType)} with {source.Shape.Count} dimensions");
        }
    }

    public static TensorSpec WithoutLastAxis(string name, TensorDataType type, TensorSpec source)
    {
        var shape = source.Shape.Take(source.Shape.Count - 1).ToArray();
        var names = source.DimensionNames.Take(source.Shape.Count - 1).ToArray();
        return new TensorSpec(name, type, shape, names);
    }
}
