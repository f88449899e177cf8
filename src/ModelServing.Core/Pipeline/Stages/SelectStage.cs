using ModelServing.Core.Configuration;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline.Stages;

/// <summary><c>select</c>: passes a tensor through under the stage's name (select and rename outputs).</summary>
/// <remarks>Once a serving function has output stages, only their outputs are returned, so <c>select</c> keeps raw ones.</remarks>
internal sealed class SelectStage(TensorSpec output) : IOutputStage
{
    public TensorSpec Output { get; } = output;

    public TensorData Process(TensorData source, ServingContext context) => source;

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "select";

        public ServingStageKind Kind => ServingStageKind.Output;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader);
            return parameters.Valid ? new OutputStageDefinition(config, (source, name) => new SelectStage(source with { Name = name })) : null;
        }
    }
}
