using System.Text;
using System.Text.Json.Nodes;
using ModelServing.Core.Configuration;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph.Stages;

/// <summary>
/// <c>gather</c>: turns item values back into one value per instance, <c>items</c>: a JSON list per instance of one object
/// per item, in the order the fan-out produced them (reading order for <c>cropBoxes</c>), with one field per input. The
/// object values of the inputs named in <c>flatten</c> are merged into the item instead of nested.
/// </summary>
internal sealed class GatherStage(IReadOnlySet<string> flatten) : IGraphStage
{
    public IReadOnlyDictionary<string, GraphValueSpec> Outputs { get; } = new Dictionary<string, GraphValueSpec>
    {
        ["items"] = new(new TensorSpec("items", TensorDataType.Json, -1), null),
    };

    public IReadOnlyDictionary<string, GraphValue> Run(IReadOnlyDictionary<string, GraphValue> inputs, ServingContext context)
    {
        var first = inputs.Values.First();
        var instances = context.TryGet<int>(GraphValue.InstanceCountKey, out var count) ? count : (first.Parents!.Length == 0 ? 0 : first.Parents.Max() + 1);
        var lists = new JsonNode?[instances];
        for (var n = 0; n < instances; n++)
        {
            lists[n] = new JsonArray();
        }

        for (var i = 0; i < first.Rows; i++)
        {
            var item = new JsonObject();
            foreach (var (name, value) in inputs)
            {
                var node = Row(value.Tensor!, i);
                if (flatten.Contains(name) && node is JsonObject fields)
                {
                    foreach (var (key, field) in fields)
                    {
                        item[key] = field?.DeepClone();
                    }
                }
                else
                {
                    item[name] = node;
                }
            }

            ((JsonArray)lists[first.Parents![i]]!).Add(item);
        }

        return new Dictionary<string, GraphValue> { ["items"] = GraphValue.Of(TensorData.Create(TensorDataType.Json, lists, instances)) };
    }

    /// <summary>Row <paramref name="row"/> of a tensor as JSON: a JSON element as is, a string as text, numbers as a number or a list.</summary>
    private static JsonNode? Row(TensorData tensor, int row)
    {
        var perRow = (int)(tensor.ElementCount / Math.Max(1, tensor.Shape[0]));
        JsonNode? Element(int index) => tensor.Data.GetValue(index) switch
        {
            JsonNode node => node.DeepClone(),
            byte[] bytes => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
            bool flag => JsonValue.Create(flag),
            null => null,
            var value => JsonValue.Create(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (perRow == 1)
        {
            return Element(row);
        }

        var list = new JsonArray();
        for (var k = 0; k < perRow; k++)
        {
            list.Add(Element((row * perRow) + k));
        }

        return list;
    }

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "gather";

        public ServingStageKind Kind => ServingStageKind.Graph;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader, "flatten");
            var flatten = new HashSet<string>(StringComparer.Ordinal);
            if (parameters.Raw("flatten") is { } list)
            {
                if (list.ValueKind != System.Text.Json.JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != System.Text.Json.JsonValueKind.String))
                {
                    parameters.Error("flatten", "must be a list of input names");
                }
                else
                {
                    flatten.UnionWith(list.EnumerateArray().Select(e => e.GetString()!));
                }
            }

            return parameters.Valid
                ? new GraphStageDefinition(config, [], inputs =>
                {
                    var fanOuts = inputs.Values.Select(v => v.FanOut).Distinct().ToList();
                    if (inputs.Count == 0 || fanOuts.Count != 1 || fanOuts[0] is null || inputs.Values.Any(v => v.IsImage))
                    {
                        throw new ModelLoadException(
                            $"stage '{Name}' needs tensors per item of one fan-out, but it is given {string.Join(", ", inputs.Select(p => $"'{p.Key}': {p.Value.Describe()}"))}");
                    }

                    return new GatherStage(flatten);
                })
                : null;
        }
    }
}
