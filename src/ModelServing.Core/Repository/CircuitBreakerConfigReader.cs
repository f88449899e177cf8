using System.Text.Json;
using ModelServing.Core.Configuration;

using ModelServing.Core.Runtime;

namespace ModelServing.Core.Repository;

/// <summary>Reads the <c>circuitBreaker</c> section of a model config.</summary>
internal static class CircuitBreakerConfigReader
{
    public static CircuitBreakerConfig Read(ConfigReader reader, JsonElement element, string path)
    {
        var config = new CircuitBreakerConfig();
        if (reader.Object(element, path) is not { } obj)
        {
            return config;
        }

        reader.RejectUnknown(obj, path, "enabled", "failureRatio", "minimumThroughput", "samplingDurationMilliseconds", "breakDurationMilliseconds");
        var sampling = reader.Integer(obj, path, "samplingDurationMilliseconds", 500, 86_400_000);
        var rest = reader.Integer(obj, path, "breakDurationMilliseconds", 500, 86_400_000);
        return config with
        {
            Enabled = reader.Boolean(obj, path, "enabled") ?? config.Enabled,
            FailureRatio = reader.Number(obj, path, "failureRatio", 0.01, 1) ?? config.FailureRatio,
            MinimumThroughput = (int)(reader.Integer(obj, path, "minimumThroughput", 2, 100_000) ?? config.MinimumThroughput),
            SamplingDuration = sampling is { } s ? TimeSpan.FromMilliseconds(s) : config.SamplingDuration,
            BreakDuration = rest is { } b ? TimeSpan.FromMilliseconds(b) : config.BreakDuration,
        };
    }
}
