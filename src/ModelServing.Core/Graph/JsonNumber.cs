using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelServing.Core.Graph;

/// <summary>Reads a number from a JSON node whether it was built from a float, a double or parsed text (stages build all three).</summary>
public static class JsonNumber
{
    /// <summary>The node's number, or <paramref name="fallback"/> when it is not a number.</summary>
    public static double Read(JsonNode? node, double fallback = 0)
    {
        if (node is not JsonValue value)
        {
            return fallback;
        }

        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<float>(out var f))
        {
            return f;
        }

        return value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : fallback;
    }
}
