using ModelServing.Core.Configuration;
using ModelServing.Core.PostProcessing;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline.Stages;

/// <summary><c>argmax</c>: the index of the largest value along the last axis (int64).</summary>
internal sealed class ArgmaxStage(TensorSpec output) : IOutputStage
{
    public TensorSpec Output { get; } = output;

    public TensorData Process(TensorData source, ServingContext context) => Argmax.LastAxis(source);

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "argmax";

        public ServingStageKind Kind => ServingStageKind.Output;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader);
            return parameters.Valid
                ? new OutputStageDefinition(config, (source, name) =>
                {
                    if (source.Shape.Count == 0 || source.DataType is TensorDataType.String or TensorDataType.Bool or TensorDataType.Json)
                    {
                        throw new Runtime.ModelLoadException($"stage 'argmax' needs a numeric tensor with at least one dimension, but '{source.Name}' is not");
                    }

                    return new ArgmaxStage(StageChecks.WithoutLastAxis(name, TensorDataType.Int64, source));
                })
                : null;
        }
    }
}
