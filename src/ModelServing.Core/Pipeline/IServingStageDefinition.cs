using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline;

/// <summary>A validated stage configuration, able to build the stage against a loaded model's signature.</summary>
public interface IServingStageDefinition
{
    /// <summary>The entry it was read from (shown in metadata).</summary>
    ServingStageConfig Config { get; }
}

/// <summary>A validated input-stage configuration.</summary>
public interface IInputStageDefinition : IServingStageDefinition
{
    /// <summary>Builds the stage for the model input it fills.</summary>
    /// <param name="modelInput">The model input the stage fills.</param>
    /// <param name="publicName">The input name clients use.</param>
    /// <exception cref="Runtime.ModelLoadException">The stage cannot feed that input (wrong type or rank); the message says why.</exception>
    IInputStage Build(TensorSpec modelInput, string publicName);
}

/// <summary>A validated output-stage configuration.</summary>
public interface IOutputStageDefinition : IServingStageDefinition
{
    /// <summary>Builds the stage for the tensor it reads.</summary>
    /// <param name="source">The model output, or earlier stage output, the stage reads.</param>
    /// <param name="outputName">The output name clients see.</param>
    /// <exception cref="Runtime.ModelLoadException">The stage cannot read that tensor; the message says why.</exception>
    IOutputStage Build(TensorSpec source, string outputName);
}
