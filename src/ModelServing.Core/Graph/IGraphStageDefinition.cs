using ModelServing.Core.Pipeline;

namespace ModelServing.Core.Graph;

/// <summary>A validated graph-stage entry, able to build the stage once the values it reads are known.</summary>
public interface IGraphStageDefinition : IServingStageDefinition
{
    /// <summary>The inputs the stage needs, by name.</summary>
    IReadOnlyList<string> RequiredInputs { get; }

    /// <summary>Builds the stage for the values that fill its inputs.</summary>
    /// <param name="inputs">The spec of each input's value.</param>
    /// <exception cref="Runtime.ModelLoadException">A value does not fit (wrong type, or instance and item values mixed); the message says which.</exception>
    IGraphStage Build(IReadOnlyDictionary<string, GraphValueSpec> inputs);
}

/// <summary>A graph-stage definition that builds its stage with a function (for stage factories).</summary>
/// <param name="Config">The entry it was read from.</param>
/// <param name="RequiredInputs">The inputs the stage needs.</param>
/// <param name="Builder">Builds the stage.</param>
public sealed record GraphStageDefinition(
    ServingStageConfig Config, IReadOnlyList<string> RequiredInputs, Func<IReadOnlyDictionary<string, GraphValueSpec>, IGraphStage> Builder) : IGraphStageDefinition
{
    /// <inheritdoc />
    public IGraphStage Build(IReadOnlyDictionary<string, GraphValueSpec> inputs) => Builder(inputs);
}
