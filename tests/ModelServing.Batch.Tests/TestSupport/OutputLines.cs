using System.Text.Json.Nodes;

namespace ModelServing.Batch.Tests.TestSupport;

/// <summary>Reads a job's output files.</summary>
internal static class OutputLines
{
    public static List<JsonNode> Results(string output) => Read(output, "prediction.results-*");

    public static List<JsonNode> Errors(string output) => Read(output, "prediction.errors_stats-*");

    public static List<string> RawSorted(string output, string pattern) =>
        [.. Directory.GetFiles(output, pattern).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];

    private static List<JsonNode> Read(string output, string pattern) =>
        [.. Directory.GetFiles(output, pattern).Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).Select(l => JsonNode.Parse(l)!)];
}
