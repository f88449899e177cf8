using ModelServing.Core.Configuration;
using ModelServing.Core.PostProcessing;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline.Stages;

/// <summary><c>softmax</c>: probabilities over the last axis of a float output (logits).</summary>
internal sealed class SoftmaxStage(TensorSpec output) : IOutputStage
{
    public TensorSpec Output { get; } = output;

    public TensorData Process(TensorData source, ServingContext context) => Softmax.ApplyLastAxis(source);

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "softmax";

        public ServingStageKind Kind => ServingStageKind.Output;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader);
            return parameters.Valid
                ? new OutputStageDefinition(config, (source, name) =>
                {
                    StageChecks.RequireFloat(Name, source);
                    return new SoftmaxStage(source with { Name = name });
                })
                : null;
        }
    }
}
