namespace ModelServing.Core.Graph;

/// <summary>A composed model's <c>graph</c>: its public inputs, its steps in the order they run, and its public outputs.</summary>
/// <param name="Inputs">What clients send, one value per instance.</param>
/// <param name="Steps">Steps sorted so that each runs after the steps it reads (checked for cycles when read).</param>
/// <param name="Outputs">What clients receive, each taken from a step output.</param>
public sealed record GraphConfig(IReadOnlyList<GraphInputConfig> Inputs, IReadOnlyList<GraphStepConfig> Steps, IReadOnlyList<GraphOutputConfig> Outputs)
{
    /// <summary>The models the steps call, by name (for readiness and cycle checks).</summary>
    public IEnumerable<string> CalledModels => Steps.Where(s => s.Model is not null).Select(s => s.Model!).Distinct(StringComparer.Ordinal);
}
