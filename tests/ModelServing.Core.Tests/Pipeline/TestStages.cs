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
                    ? new MultiplyStage(modelInput with { Name = publicName }, modelInput, factor)
                    : throw new ModelLoadException($"stage 'multiply' needs a float input, but '{modelInput.Name}' is not"))
            : null;
    }

    private sealed class MultiplyStage(TensorSpec publicInput, TensorSpec modelInput, float factor) : IInputStage
    {
        public TensorSpec PublicInput { get; } = publicInput;

        public TensorSpec ModelInput { get; } = modelInput;

        public TensorData Process(TensorData input, ServingContext context)
        {
            var values = input.As<float>().Select(v => v * factor).ToArray();
            return TensorData.FromFloats(values, [.. input.Shape]);
        }
    }
}

/// <summary>An input stage that declares a model input of a fixed width, for the check made when the pipeline is built.</summary>
internal sealed class FixedWidthStageFactory : IServingStageFactory
{
    public string Name => "wide";

    public ServingStageKind Kind => ServingStageKind.Input;

    public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
    {
        var parameters = new StageParameters(config, reader, "width");
        var width = parameters.Integer("width", 3, 1, 100);
        return parameters.Valid
            ? new InputStageDefinition(config, (modelInput, publicName) => new FixedWidthStage(
                new TensorSpec(publicName, TensorDataType.Float, -1, -1),
                new TensorSpec(modelInput.Name, TensorDataType.Float, -1, width),
                width))
            : null;
    }

    private sealed class FixedWidthStage(TensorSpec publicInput, TensorSpec modelInput, int width) : IInputStage
    {
        public TensorSpec PublicInput { get; } = publicInput;

        public TensorSpec ModelInput { get; } = modelInput;

        public TensorData Process(TensorData input, ServingContext context) =>
            TensorData.FromFloats(new float[input.Shape[0] * width], input.Shape[0], width);
    }
}
