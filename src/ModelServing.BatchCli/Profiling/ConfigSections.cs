using System.Text.Json.Nodes;

namespace ModelServing.BatchCli.Profiling;

/// <summary>A <see cref="TrialConfig"/> as the <c>runtime</c> and <c>batching</c> fields of config.json.</summary>
internal static class ConfigSections
{
    /// <summary>The batching fields the profile decides, as config.json spells them.</summary>
    public static JsonObject Batching(TrialConfig config) => new()
    {
        ["maxBatchSize"] = config.MaxBatchSize,
        ["maxQueueDelayMicroseconds"] = config.QueueDelayMicroseconds,
        ["preferredBatchSizes"] = new JsonArray([.. config.PreferredBatchSizes.Select(s => (JsonNode)s)]),
        ["maxConcurrentExecutions"] = config.MaxConcurrentExecutions,
    };

    /// <summary>The runtime fields the profile decides; an absent <c>intraOpThreads</c> means the gateway's shared pool.</summary>
    public static JsonObject Runtime(TrialConfig config) =>
        config.IntraOpThreads is { } threads ? new JsonObject { ["intraOpThreads"] = threads } : [];

    /// <summary><paramref name="existing"/> (a section read from the file, or null) with the decided fields set; every other field kept in place.</summary>
    /// <param name="existing">The section as the file has it.</param>
    /// <param name="decided">The fields to set.</param>
    /// <param name="removed">Fields to drop (the thread settings when the shared pool is chosen).</param>
    public static JsonObject Merge(JsonObject? existing, JsonObject decided, params string[] removed)
    {
        var merged = existing?.DeepClone().AsObject() ?? [];
        foreach (var name in removed)
        {
            merged.Remove(name);
        }

        foreach (var (name, value) in decided)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>A section on one line, in the style of the example configs (<c>{ "intraOpThreads": 1 }</c>).</summary>
    public static string Inline(JsonObject section) =>
        section.Count == 0 ? "{}" : "{ " + string.Join(", ", section.Select(p => $"{JsonValue.Create(p.Key).ToJsonString()}: {Compact(p.Value)}")) + " }";

    private static string Compact(JsonNode? value) => value switch
    {
        null => "null",
        JsonArray array => "[" + string.Join(", ", array.Select(Compact)) + "]",
        _ => value.ToJsonString(),
    };
}
