using System.Text.Json;
using ModelServing.Core.Configuration;

namespace ModelServing.Core.Pipeline;

/// <summary>Reads the <c>servingFunction</c> section of a model config, reporting every error with its field.</summary>
internal static class ServingFunctionConfigReader
{
    private static readonly string[] s_entryFields = ["stage", "name", "tensor", "params"];

    /// <summary>Reads the section.</summary>
    /// <param name="reader">Collects errors.</param>
    /// <param name="element">The <c>servingFunction</c> value.</param>
    /// <param name="registry">Known stages.</param>
    /// <param name="modelDirectory">Absolute path of the model directory (stages read files relative to it).</param>
    /// <returns>The serving function; meaningful only when the reader has no errors.</returns>
    public static ServingFunctionConfig Read(ConfigReader reader, JsonElement element, ServingStageRegistry registry, string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(registry);
        const string path = "servingFunction";
        var inputs = new List<IInputStageDefinition>();
        var outputs = new List<IOutputStageDefinition>();
        if (reader.Object(element, path) is not { } obj)
        {
            return new ServingFunctionConfig(inputs, outputs);
        }

        reader.RejectUnknown(obj, path, "inputs", "outputs");
        foreach (var definition in ReadStages(reader, obj, "inputs", ServingStageKind.Input, registry, modelDirectory))
        {
            inputs.Add((IInputStageDefinition)definition);
        }

        foreach (var definition in ReadStages(reader, obj, "outputs", ServingStageKind.Output, registry, modelDirectory))
        {
            outputs.Add((IOutputStageDefinition)definition);
        }

        return new ServingFunctionConfig(inputs, outputs);
    }

    private static List<IServingStageDefinition> ReadStages(
        ConfigReader reader, JsonElement obj, string property, ServingStageKind kind, ServingStageRegistry registry, string modelDirectory)
    {
        var definitions = new List<IServingStageDefinition>();
        var listPath = $"servingFunction.{property}";
        if (!obj.TryGetProperty(property, out var list))
        {
            return definitions;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            reader.Error(listPath, $"must be a list of stages, not {ConfigReader.Describe(list)}");
            return definitions;
        }

        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var entryPath = $"{listPath}[{index++}]";
            if (reader.Object(entry, entryPath) is not { } stage)
            {
                continue;
            }

            reader.RejectUnknown(stage, entryPath, s_entryFields);
            var name = reader.String(stage, entryPath, "stage");
            if (name is null)
            {
                reader.Error($"{entryPath}.stage", "is required");
                continue;
            }

            var factory = registry.Find(name);
            if (factory is null || factory.Kind != kind)
            {
                var known = registry.Names(kind);
                reader.Error($"{entryPath}.stage", factory is null
                    ? $"unknown stage '{name}' (known {property} stages: {string.Join(", ", known)})"
                    : $"'{name}' is an {factory.Kind.ToString().ToLowerInvariant()} stage and belongs in servingFunction.{(kind == ServingStageKind.Input ? "outputs" : "inputs")}");
                continue;
            }

            JsonElement parameters = default;
            if (stage.TryGetProperty("params", out var p))
            {
                parameters = reader.Object(p, $"{entryPath}.params") is { } paramsObject ? paramsObject.Clone() : default;
            }

            var config = new ServingStageConfig(
                name,
                reader.String(stage, entryPath, "name") ?? string.Empty,
                reader.String(stage, entryPath, "tensor") ?? string.Empty,
                parameters,
                entryPath,
                modelDirectory);
            if (factory.Parse(config, reader) is { } definition)
            {
                definitions.Add(definition);
            }
        }

        return definitions;
    }
}
