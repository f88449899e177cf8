namespace ModelServing.Core.Pipeline;

/// <summary>A model's serving function: the stages before and after the model, validated when the config was read.</summary>
/// <param name="Inputs">Input stages, each filling one model input.</param>
/// <param name="Outputs">Output stages, applied in order.</param>
public sealed record ServingFunctionConfig(IReadOnlyList<IInputStageDefinition> Inputs, IReadOnlyList<IOutputStageDefinition> Outputs);
