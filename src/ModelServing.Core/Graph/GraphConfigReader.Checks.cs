using System.Text.Json;
using ModelServing.Core.Configuration;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

public static partial class GraphConfigReader
{
    private static readonly Dictionary<string, TensorDataType> s_types = new(StringComparer.Ordinal)
    {
        ["string"] = TensorDataType.String,
        ["float"] = TensorDataType.Float,
        ["double"] = TensorDataType.Double,
        ["int32"] = TensorDataType.Int32,
        ["int64"] = TensorDataType.Int64,
        ["bool"] = TensorDataType.Bool,
    };

    private static List<GraphInputConfig> ReadInputs(ConfigReader reader, JsonElement obj)
    {
        var inputs = new List<GraphInputConfig>();
        foreach (var (entry, path) in Entries(reader, obj, "inputs"))
        {
            reader.RejectUnknown(entry, path, "name", "dtype", "shape");
            var shape = new List<long>();
            if (entry.TryGetProperty("shape", out var dims))
            {
                if (dims.ValueKind != JsonValueKind.Array || dims.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var n) || n < -1 || n == 0))
                {
                    reader.Error($"{path}.shape", "must be a list of sizes (positive, or -1 for any) of one instance's value");
                }
                else
                {
                    shape.AddRange(dims.EnumerateArray().Select(d => d.GetInt64()));
                }
            }

            var name = Required(reader, entry, path, "name");
            var dtype = reader.String(entry, path, "dtype") ?? "string";
            if (!s_types.TryGetValue(dtype, out var type))
            {
                reader.Error($"{path}.dtype", $"'{dtype}' is not one of: {string.Join(", ", s_types.Keys)}");
            }
            else if (name is not null)
            {
                inputs.Add(new GraphInputConfig(name, type, shape));
            }
        }

        if (inputs.Count == 0)
        {
            reader.Error($"{Root}.inputs", "must declare at least one input");
        }

        return inputs;
    }

    private static IEnumerable<(JsonElement Entry, string Path)> Entries(ConfigReader reader, JsonElement obj, string property)
    {
        var listPath = $"{Root}.{property}";
        if (!obj.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            reader.Error(listPath, "must be a list");
            yield break;
        }

        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var path = $"{listPath}[{index++}]";
            if (reader.Object(entry, path) is { } value)
            {
                yield return (value, path);
            }
        }
    }

    private static string? Required(ConfigReader reader, JsonElement obj, string path, string name)
    {
        var value = reader.String(obj, path, name);
        if (string.IsNullOrEmpty(value))
        {
            reader.Error(ConfigReader.Join(path, name), "is required");
            return null;
        }

        return value;
    }

    private static GraphReference? Reference(ConfigReader reader, JsonElement obj, string path, string name)
    {
        if (Required(reader, obj, path, name) is not { } text)
        {
            return null;
        }

        var reference = GraphReference.Parse(text);
        if (reference is null)
        {
            reader.Error(ConfigReader.Join(path, name), $"'{text}' must be 'inputs.<input>' or '<step>.<output>'");
        }

        return reference;
    }

    private static void CheckReferences(ConfigReader reader, List<GraphInputConfig> inputs, List<GraphStepConfig> steps, List<GraphOutputConfig> outputs)
    {
        var names = steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        void Check(GraphReference reference, string field)
        {
            if (reference.Step == GraphReference.InputsStep ? inputs.All(i => i.Name != reference.Value) : !names.Contains(reference.Step))
            {
                reader.Error(field, reference.Step == GraphReference.InputsStep
                    ? $"'{reference}' names no graph input (inputs: {string.Join(", ", inputs.Select(i => i.Name))})"
                    : $"'{reference}' names no step '{reference.Step}'");
            }
        }

        foreach (var step in steps)
        {
            foreach (var (input, reference) in step.Inputs)
            {
                Check(reference, $"{step.Path}.inputs.{input}");
            }
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            Check(outputs[i].From, $"{Root}.outputs[{i}].from");
        }
    }

    /// <summary>Sorts the steps so each runs after those it reads (Kahn's algorithm, keeping the written order among ready steps).</summary>
    private static List<GraphStepConfig>? Order(ConfigReader reader, List<GraphStepConfig> steps)
    {
        var ordered = new List<GraphStepConfig>(steps.Count);
        var done = new HashSet<string>(StringComparer.Ordinal) { GraphReference.InputsStep };
        var pending = new List<GraphStepConfig>(steps);
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(s => s.Inputs.Values.All(r => done.Contains(r.Step)));
            if (ready is null)
            {
                reader.Error($"{Root}.steps", $"the steps {string.Join(", ", pending.Select(s => $"'{s.Name}'"))} form a cycle (each waits for another's output)");
                return null;
            }

            ordered.Add(ready);
            done.Add(ready.Name);
            pending.Remove(ready);
        }

        return ordered;
    }
}
