using System.Text.Json;
using ModelServing.Core.Batching;
using ModelServing.Core.Configuration;

namespace ModelServing.Core.Repository;

/// <summary>Reads the <c>batching</c> section of a model config (Triton's <c>dynamic_batching</c> vocabulary).</summary>
internal static class BatchingConfigReader
{
    public static BatchingOptions Read(ConfigReader reader, JsonElement element, string path)
    {
        var options = ModelConfig.DefaultBatching;
        if (reader.Object(element, path) is not { } obj)
        {
            return options;
        }

        reader.RejectUnknown(obj, path, "maxBatchSize", "maxQueueDelayMicroseconds", "preferredBatchSizes", "maxQueueSize",
            "timeoutMilliseconds", "maxConcurrentExecutions", "padVariableLength");
        var delay = reader.Integer(obj, path, "maxQueueDelayMicroseconds", 0, 10_000_000);
        var timeout = reader.Integer(obj, path, "timeoutMilliseconds", 1, 3_600_000);
        options = options with
        {
            MaxBatchSize = (int)(reader.Integer(obj, path, "maxBatchSize", 0, 4096) ?? options.MaxBatchSize),
            MaxQueueDelay = delay is { } d ? TimeSpan.FromMicroseconds(d) : options.MaxQueueDelay,
            MaxQueueSize = (int)(reader.Integer(obj, path, "maxQueueSize", 1, 1_000_000) ?? options.MaxQueueSize),
            DefaultTimeout = timeout is { } t ? TimeSpan.FromMilliseconds(t) : options.DefaultTimeout,
            MaxConcurrentExecutions = (int)(reader.Integer(obj, path, "maxConcurrentExecutions", 1, 64) ?? options.MaxConcurrentExecutions),
            PadVariableLength = reader.Boolean(obj, path, "padVariableLength") ?? options.PadVariableLength,
        };
        if (obj.TryGetProperty("preferredBatchSizes", out var sizes))
        {
            var list = new List<int>();
            var index = 0;
            foreach (var item in sizes.ValueKind == JsonValueKind.Array ? sizes.EnumerateArray() : default)
            {
                if (reader.Integer(item, $"{path}.preferredBatchSizes[{index++}]", 1, 4096) is { } size)
                {
                    list.Add((int)size);
                }
            }

            if (sizes.ValueKind != JsonValueKind.Array)
            {
                reader.Error($"{path}.preferredBatchSizes", "must be a list of batch sizes");
            }

            options = options with { PreferredBatchSizes = list };
        }

        foreach (var (field, message) in options.Validate())
        {
            reader.Error(ConfigReader.Join(path, field), message);
        }

        return options;
    }
}
