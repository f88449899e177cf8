using System.Text.Json;
using ModelServing.Core.Configuration;

using ModelServing.Core.Runtime;

namespace ModelServing.Core.Repository;

/// <summary>Reads the <c>runtime</c> section of a model config.</summary>
internal static class RuntimeConfigReader
{
    public static RuntimeConfig Read(ConfigReader reader, JsonElement element, string path)
    {
        var config = new RuntimeConfig();
        if (reader.Object(element, path) is not { } obj)
        {
            return config;
        }

        reader.RejectUnknown(obj, path, "intraOpThreads", "interOpThreads", "graphOptimizationLevel", "memoryArena", "memoryPattern",
            "executionMode", "executionProviders", "requireAccelerator", "inferenceTimeoutMilliseconds",
            "memoryArenaShrinkIntervalMilliseconds");
        var timeout = reader.Integer(obj, path, "inferenceTimeoutMilliseconds", 0, 3_600_000);
        var shrink = reader.Integer(obj, path, "memoryArenaShrinkIntervalMilliseconds", 0, 3_600_000);
        config = config with
        {
            IntraOpThreads = (int?)reader.Integer(obj, path, "intraOpThreads", 1, 256),
            InterOpThreads = (int?)reader.Integer(obj, path, "interOpThreads", 1, 256),
            GraphOptimizationLevel = Choice(reader, obj, path, "graphOptimizationLevel", RuntimeConfig.OptimizationLevels) ?? config.GraphOptimizationLevel,
            MemoryArena = reader.Boolean(obj, path, "memoryArena") ?? config.MemoryArena,
            MemoryPattern = reader.Boolean(obj, path, "memoryPattern") ?? config.MemoryPattern,
            ExecutionMode = Choice(reader, obj, path, "executionMode", ["sequential", "parallel"]) ?? config.ExecutionMode,
            RequireAccelerator = reader.Boolean(obj, path, "requireAccelerator") ?? config.RequireAccelerator,
            InferenceTimeout = timeout switch
            {
                null => config.InferenceTimeout,
                0 => null,
                var ms => TimeSpan.FromMilliseconds(ms.Value),
            },
            MemoryArenaShrinkInterval = shrink switch
            {
                null => config.MemoryArenaShrinkInterval,
                0 => null,
                var ms => TimeSpan.FromMilliseconds(ms.Value),
            },
        };
        if (obj.TryGetProperty("executionProviders", out var providers))
        {
            config = config with { ExecutionProviders = ReadProviders(reader, providers, ConfigReader.Join(path, "executionProviders")) };
        }

        return config;
    }

    private static string? Choice(ConfigReader reader, JsonElement obj, string path, string name, IReadOnlyList<string> choices)
    {
        var value = reader.String(obj, path, name);
        if (value is null)
        {
            return null;
        }

        if (!choices.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            reader.Error(ConfigReader.Join(path, name), $"'{value}' is not one of: {string.Join(", ", choices)}");
            return null;
        }

        return value.ToLowerInvariant();
    }

    private static List<string> ReadProviders(ConfigReader reader, JsonElement list, string path)
    {
        var providers = new List<string>();
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            reader.Error(path, "must be a non-empty list such as [\"cuda\", \"cpu\"]");
            return ["cpu"];
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()!.ToLowerInvariant() : null;
            if (name is null || !RuntimeConfig.Providers.Contains(name))
            {
                reader.Error(itemPath, $"must be one of: {string.Join(", ", RuntimeConfig.Providers)}");
            }
            else if (providers.Contains(name))
            {
                reader.Error(itemPath, $"'{name}' is listed twice");
            }
            else
            {
                providers.Add(name);
            }
        }

        return providers;
    }
}
