using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelServing.LoadGen.Repository;

/// <summary>
/// Copies models of a repository into a scratch repository with their <c>config.json</c> set to batch or not, so one
/// gateway run can serve them with batching on and another with it off, without touching the real repository.
/// </summary>
internal static class RepositoryCopier
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>Copies <paramref name="models"/> from <paramref name="source"/> to <paramref name="destination"/> (created; models there replaced).</summary>
    /// <exception cref="DirectoryNotFoundException">A model directory does not exist.</exception>
    public static void Copy(string source, string destination, IReadOnlyList<string> models, BatchingMode mode, BatchingSettings settings)
    {
        Directory.CreateDirectory(destination);
        foreach (var model in models)
        {
            var from = Path.Combine(source, model);
            if (!Directory.Exists(from))
            {
                throw new DirectoryNotFoundException($"No model directory '{model}' in {source}.");
            }

            var to = Path.Combine(destination, model);
            if (Directory.Exists(to))
            {
                Directory.Delete(to, recursive: true);
            }

            CopyDirectory(from, to);
            if (mode != BatchingMode.Keep)
            {
                WriteBatching(Path.Combine(to, "config.json"), mode, settings);
            }
        }
    }

    private static void WriteBatching(string configPath, BatchingMode mode, BatchingSettings settings)
    {
        var root = File.Exists(configPath)
            ? JsonNode.Parse(File.ReadAllText(configPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?.AsObject()
                ?? throw new InvalidDataException($"{configPath} is not a JSON object.")
            : [];
        root["batching"] = mode == BatchingMode.Off
            ? new JsonObject { ["maxBatchSize"] = 0 }
            : new JsonObject
            {
                ["maxBatchSize"] = settings.MaxBatchSize,
                ["maxQueueDelayMicroseconds"] = settings.MaxQueueDelayMicroseconds,
                ["preferredBatchSizes"] = new JsonArray([.. settings.PreferredBatchSizes.Select(s => (JsonNode)s)]),
                ["maxConcurrentExecutions"] = settings.MaxConcurrentExecutions,
                ["padVariableLength"] = settings.PadVariableLength,
            };
        File.WriteAllText(configPath, root.ToJsonString(s_indented));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
