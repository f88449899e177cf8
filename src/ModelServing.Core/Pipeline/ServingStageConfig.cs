using System.Text.Json;

namespace ModelServing.Core.Pipeline;

/// <summary>One stage entry of a model's <c>servingFunction</c>, as written in its config file.</summary>
/// <param name="Stage">The registered stage name (<c>image</c>, <c>topK</c>...).</param>
/// <param name="Name">The name clients see: the public input an input stage consumes, or the output an output stage produces.</param>
/// <param name="Tensor">The tensor the stage connects to: the model input it fills, or the model output (or earlier stage output) it reads.</param>
/// <param name="Parameters">The stage's <c>params</c> object (a detached clone), or an undefined element when absent.</param>
/// <param name="Path">The entry's JSON path in the config, for errors (<c>servingFunction.inputs[0]</c>).</param>
/// <param name="ModelDirectory">Absolute path of the model directory, for files the stage reads (a labels file).</param>
public sealed record ServingStageConfig(string Stage, string Name, string Tensor, JsonElement Parameters, string Path, string ModelDirectory)
{
    /// <summary>The path of a parameter, for errors (<c>servingFunction.outputs[1].params.k</c>).</summary>
    public string ParameterPath(string parameter) => $"{Path}.params.{parameter}";
}
