using ModelServing.Core.Configuration;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Pipeline;

/// <summary>A user-style input stage: public input is a float vector, the model gets it multiplied by <c>factor</c>.</summary>
internal sealed class MultiplyStageFactory : IServingStageFactory
{
    public string Name => "multiply";

    public ServingStageKind Kind => ServingStageKind.Input;

    public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
    {
        var parameters = new StageParameters(config, reader, "factor");
        var factor = (float)parameters.Number("factor", 1, -1000, 1000);
        return parameters.Valid
            ? new InputStageDefinition(config, (modelInput, publicName) =>
                modelInput.DataType == TensorDataType.Float
                    ? new MultiplyStage(modelInput with { Name = publicName }, factor)
                    : throw new ModelLoadException($"stage 'multiply' needs a float input, but '{modelInput.Name}' is not"))
            : null;
    }

    private sealed class MultiplyStage(TensorSpec publicInput, float factor) : IInputStage
    {
        public TensorSpec PublicInput { get; } = publicInput;

        public TensorData Process(TensorData input, ServingContext context)
        {
            var values = input.As<float>().Select(v => v * factor).ToArray();
            return TensorData.FromFloats(values, [.. input.Shape]);
        }
    }
}
