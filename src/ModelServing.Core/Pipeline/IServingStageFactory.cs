using ModelServing.Core.Configuration;

namespace ModelServing.Core.Pipeline;

/// <summary>Creates one kind of serving-function stage, found by <see cref="Name"/> from model configs.</summary>
/// <remarks>
/// Register implementations with <c>services.AddServingStage&lt;T&gt;()</c>; a later registration with the same name
/// replaces an earlier one, so users can swap built-in stages. Factories are singletons and must be thread-safe.
/// See docs/serving-functions.md for a worked example of a custom stage.
/// </remarks>
public interface IServingStageFactory
{
    /// <summary>The name configs use in <c>"stage"</c>.</summary>
    string Name { get; }

    /// <summary>Whether the stage belongs in <c>inputs</c> or <c>outputs</c>.</summary>
    ServingStageKind Kind { get; }

    /// <summary>Checks the stage's parameters when the config is read.</summary>
    /// <param name="config">The entry as written.</param>
    /// <param name="reader">Where to report every problem (<see cref="ConfigReader.Error"/> with <see cref="ServingStageConfig.ParameterPath"/>).</param>
    /// <returns>A definition that builds the stage when a version loads, or null when errors were reported.</returns>
    IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader);
}
