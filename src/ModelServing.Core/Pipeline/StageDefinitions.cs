using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline;

/// <summary>An input-stage definition that builds its stage with a function (for stage factories).</summary>
/// <param name="Config">The entry it was read from.</param>
/// <param name="Builder">Builds the stage for the model input and public name.</param>
public sealed record InputStageDefinition(ServingStageConfig Config, Func<TensorSpec, string, IInputStage> Builder) : IInputStageDefinition
{
    /// <inheritdoc />
    public IInputStage Build(TensorSpec modelInput, string publicName) => Builder(modelInput, publicName);
}

/// <summary>An output-stage definition that builds its stage with a function (for stage factories).</summary>
/// <param name="Config">The entry it was read from.</param>
/// <param name="Builder">Builds the stage for the source tensor and output name.</param>
public sealed record OutputStageDefinition(ServingStageConfig Config, Func<TensorSpec, string, IOutputStage> Builder) : IOutputStageDefinition
{
    /// <inheritdoc />
    public IOutputStage Build(TensorSpec source, string outputName) => Builder(source, outputName);
}
