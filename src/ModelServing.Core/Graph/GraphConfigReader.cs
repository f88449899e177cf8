using System.Text.Json;
using ModelServing.Core.Configuration;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Pipeline;

namespace ModelServing.Core.Graph;

/// <summary>Reads and checks a model config's <c>graph</c> section (docs/model-config.md), reporting every error at once.</summary>
public static partial class GraphConfigReader
{
    private const string Root = "graph";

    /// <summary>Reads the section; null when errors were reported.</summary>
    public static GraphConfig? Read(ConfigReader reader, JsonElement element, ServingStageRegistry registry, string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(registry);
        var before = reader.Errors.Count;
        if (reader.Object(element, Root) is not { } obj)
        {
            return null;
        }

        reader.RejectUnknown(obj, Root, "inputs", "steps", "outputs");
        var inputs = ReadInputs(reader, obj);
        var steps = new List<GraphStepConfig>();
        foreach (var (entry, path) in Entries(reader, obj, "steps"))
        {
            if (ReadStep(reader, entry, path, registry, modelDirectory) is { } step)
            {
                if (step.Name == GraphReference.InputsStep || steps.Any(s => s.Name == step.Name))
                {
                    reader.Error($"{path}.name", $"'{step.Name}' is used twice (or is the reserved name '{GraphReference.InputsStep}')");
                }

                steps.Add(step);
            }
        }

        var outputs = new List<GraphOutputConfig>();
        foreach (var (entry, path) in Entries(reader, obj, "outputs"))
        {
            reader.RejectUnknown(entry, path, "name", "from");
            var name = Required(reader, entry, path, "name");
            if (Reference(reader, entry, path, "from") is { } from && name is not null)
            {
                outputs.Add(new GraphOutputConfig(name, from));
            }
        }

        if (outputs.Count == 0)
        {
            reader.Error($"{Root}.outputs", "must name at least one output");
        }

        CheckReferences(reader, inputs, steps, outputs);
        var ordered = reader.Errors.Count == before ? Order(reader, steps) : null;
        return reader.Errors.Count == before && ordered is not null ? new GraphConfig(inputs, ordered, outputs) : null;
    }

    private static GraphStepConfig? ReadStep(ConfigReader reader, JsonElement entry, string path, ServingStageRegistry registry, string modelDirectory)
    {
        reader.RejectUnknown(entry, path, "name", "model", "version", "label", "itemsPerCall", "stage", "inputs", "params");
        var name = Required(reader, entry, path, "name");
        var model = reader.String(entry, path, "model");
        var stageName = reader.String(entry, path, "stage");
        var inputs = new Dictionary<string, GraphReference>(StringComparer.Ordinal);
        if (entry.TryGetProperty("inputs", out var map) && reader.Object(map, $"{path}.inputs") is { } mapObject)
        {
            foreach (var property in mapObject.EnumerateObject())
            {
                if (Reference(reader, mapObject, $"{path}.inputs", property.Name) is { } reference)
                {
                    inputs[property.Name] = reference;
                }
            }
        }

        if ((model is null) == (stageName is null))
        {
            reader.Error(path, "needs exactly one of 'model' (a served model to call) or 'stage' (a graph stage)");
            return null;
        }

        if (name is null)
        {
            return null;
        }

        if (model is not null)
        {
            return ReadModelStep(reader, entry, path, name, model, inputs);
        }

        var factory = registry.Find(stageName!);
        if (factory is null || factory.Kind != ServingStageKind.Graph)
        {
            reader.Error($"{path}.stage", $"unknown graph stage '{stageName}' (known graph stages: {string.Join(", ", registry.Names(ServingStageKind.Graph))})");
            return null;
        }

        var parameters = entry.TryGetProperty("params", out var p) && reader.Object(p, $"{path}.params") is { } po ? po.Clone() : default;
        var config = new ServingStageConfig(stageName!, name, string.Empty, parameters, path, modelDirectory);
        if (factory.Parse(config, reader) is not IGraphStageDefinition definition)
        {
            return null;
        }

        foreach (var missing in definition.RequiredInputs.Where(i => !inputs.ContainsKey(i)))
        {
            reader.Error($"{path}.inputs", $"stage '{stageName}' needs the input '{missing}'");
        }

        return new GraphStepConfig(name, path, inputs) { Stage = definition };
    }

    private static GraphStepConfig? ReadModelStep(ConfigReader reader, JsonElement entry, string path, string name, string model, Dictionary<string, GraphReference> inputs)
    {
        var version = reader.Integer(entry, path, "version", 1);
        var label = reader.String(entry, path, "label");
        var itemsPerCall = reader.Integer(entry, path, "itemsPerCall", 1, 4096);
        if (version is not null && label is not null)
        {
            reader.Error(path, "has both 'version' and 'label'; name one");
        }

        if (inputs.Count == 0)
        {
            reader.Error($"{path}.inputs", $"must fill the inputs of model '{model}'");
        }

        var selector = version is { } v ? VersionSelector.ForVersion(v) : label is { } l ? VersionSelector.ForLabel(l) : VersionSelector.Latest;
        return new GraphStepConfig(name, path, inputs) { Model = model, Version = selector, ItemsPerCall = (int?)itemsPerCall };
    }
}
