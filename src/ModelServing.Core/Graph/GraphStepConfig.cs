using ModelServing.Core.DataPlane;

namespace ModelServing.Core.Graph;

/// <summary>One step of a graph: a call to another served model, or a graph stage.</summary>
/// <param name="Name">The step's name, unique in the graph; its outputs are <c>name.output</c>.</param>
/// <param name="Path">The entry's JSON path in the config (<c>graph.steps[2]</c>), for errors.</param>
/// <param name="Inputs">The step's inputs (the called model's public input names, or the stage's) and the values that fill them.</param>
public sealed record GraphStepConfig(string Name, string Path, IReadOnlyDictionary<string, GraphReference> Inputs)
{
    /// <summary>The served model the step calls, or null for a stage step.</summary>
    public string? Model { get; init; }

    /// <summary>Which version of <see cref="Model"/>: the latest AVAILABLE one unless <c>version</c> or <c>label</c> is set.</summary>
    public VersionSelector Version { get; init; }

    /// <summary>For a model step fed decoded images: at most this many items per request, sent concurrently in order of aspect ratio (null: all in one request).</summary>
    public int? ItemsPerCall { get; init; }

    /// <summary>The stage a stage step runs, or null for a model step.</summary>
    public IGraphStageDefinition? Stage { get; init; }
}
