using System.Text.Json;
using ModelServing.Core.Configuration;
using ModelServing.Core.IO;
using ModelServing.Core.Pipeline;

namespace ModelServing.Core.Repository;

/// <summary>Reads and validates <c>config.json</c> files of the model repository.</summary>
public static class ModelConfigLoader
{
    /// <summary>The file name of a model's config inside its directory.</summary>
    public const string FileName = "config.json";

    /// <summary>Largest config file read, so a stray huge file cannot exhaust memory.</summary>
    public const int MaxFileBytes = 1 << 20;

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
    };

    /// <summary>Loads the config of the model directory, or <see cref="ModelConfig.Default"/> when it has none.</summary>
    /// <param name="modelDirectory">Absolute path of the model directory.</param>
    /// <param name="displayName">Repository-relative name of the config file, used in errors.</param>
    /// <returns>The config, or null with every error found.</returns>
    /// <param name="stages">Known serving-function stages; null when none are registered.</param>
    public static (ModelConfig? Config, IReadOnlyList<ConfigError> Errors) Load(string modelDirectory, string displayName, ServingStageRegistry? stages = null)
    {
        var path = Path.Combine(modelDirectory, FileName);
        if (!Path.Exists(path))
        {
            return (ModelConfig.Default, []);
        }

        byte[] bytes;
        try
        {
            // Only a regular file is opened (a FIFO would block the repository watcher), and the read has a timeout.
            bytes = RegularFiles.ReadAllBytes(path, MaxFileBytes);
        }
        catch (RegularFileException ex)
        {
            return (null, [new ConfigError(displayName, string.Empty, ex.Message)]);
        }

        return Parse(bytes, displayName, stages, modelDirectory);
    }

    /// <summary>Parses and validates config JSON.</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <param name="displayName">Name used in errors.</param>
    /// <param name="stages">Known serving-function stages; null when none are registered.</param>
    /// <param name="modelDirectory">The model directory, for files that stages read.</param>
    /// <returns>The config, or null with every error found.</returns>
    public static (ModelConfig? Config, IReadOnlyList<ConfigError> Errors) Parse(
        ReadOnlyMemory<byte> utf8Json, string displayName, ServingStageRegistry? stages = null, string modelDirectory = "")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, s_documentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
            return (null, [new ConfigError(displayName, string.Empty, $"is not valid JSON{where}")]);
        }

        using (document)
        {
            var reader = new ConfigReader(displayName);
            var config = Read(reader, document.RootElement, stages, modelDirectory) with
            {
                Fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(utf8Json.Span)),
            };
            return reader.Errors.Count == 0 ? (config, []) : (null, reader.Errors);
        }
    }

    private static ModelConfig Read(ConfigReader reader, JsonElement root, ServingStageRegistry? stages, string modelDirectory)
    {
        if (reader.Object(root, string.Empty) is not { } obj)
        {
            return ModelConfig.Default;
        }

        reader.RejectUnknown(obj, string.Empty, "platform", "description", "versionPolicy", "versionLabels", "allowUnavailableLabels", "servingFunction", "runtime",
            "warmup", "batching", "circuitBreaker", "graph");
        var config = ModelConfig.Default;
        var platform = reader.String(obj, string.Empty, "platform");
        if (platform is not null && platform != "onnxruntime")
        {
            reader.Error("platform", $"'{platform}' is not supported (supported: onnxruntime)");
        }

        config = config with { Description = reader.String(obj, string.Empty, "description") };
        if (obj.TryGetProperty("versionPolicy", out var policy))
        {
            config = config with { VersionPolicy = ReadPolicy(reader, policy, "versionPolicy") };
        }

        if (obj.TryGetProperty("versionLabels", out var labels))
        {
            config = config with { VersionLabels = ReadLabels(reader, labels, "versionLabels") };
        }

        config = config with { AllowUnavailableLabels = reader.Boolean(obj, string.Empty, "allowUnavailableLabels") ?? false };

        if (obj.TryGetProperty("runtime", out var runtime))
        {
            config = config with { Runtime = RuntimeConfigReader.Read(reader, runtime, "runtime") };
        }

        if (obj.TryGetProperty("batching", out var batching))
        {
            config = config with { Batching = BatchingConfigReader.Read(reader, batching, "batching") };
        }

        if (obj.TryGetProperty("circuitBreaker", out var breaker))
        {
            config = config with { CircuitBreaker = CircuitBreakerConfigReader.Read(reader, breaker, "circuitBreaker") };
        }

        if (obj.TryGetProperty("warmup", out var warmup))
        {
            config = config with { Warmup = ReadWarmup(reader, warmup, modelDirectory) };
        }

        if (obj.TryGetProperty("servingFunction", out var function))
        {
            config = config with
            {
                ServingFunction = ServingFunctionConfigReader.Read(reader, function, stages ?? new ServingStageRegistry([]), modelDirectory),
            };
        }

        if (obj.TryGetProperty("graph", out var graph))
        {
            if (config.ServingFunction is not null)
            {
                reader.Error("graph", "a composed model has no servingFunction of its own (put stages between its steps)");
            }

            config = config with { Graph = Graph.GraphConfigReader.Read(reader, graph, stages ?? new ServingStageRegistry([]), modelDirectory) };
        }

        return config;
    }

    private static VersionPolicy ReadPolicy(ConfigReader reader, JsonElement element, string path)
    {
        var fallback = VersionPolicy.Latest(1);
        if (reader.Object(element, path) is not { } obj)
        {
            return fallback;
        }

        reader.RejectUnknown(obj, path, "latest", "all", "specific");
        var kinds = obj.EnumerateObject().Where(p => p.Name is "latest" or "all" or "specific").ToList();
        if (kinds.Count != 1)
        {
            reader.Error(path, "must hold exactly one of 'latest', 'all' or 'specific'");
            return fallback;
        }

        var kind = kinds[0];
        var kindPath = ConfigReader.Join(path, kind.Name);
        if (reader.Object(kind.Value, kindPath) is not { } body)
        {
            return fallback;
        }

        switch (kind.Name)
        {
            case "latest":
                reader.RejectUnknown(body, kindPath, "numVersions");
                var count = reader.Integer(body, kindPath, "numVersions", 1, 1000) ?? 1;
                return VersionPolicy.Latest((int)count);
            case "all":
                reader.RejectUnknown(body, kindPath);
                return VersionPolicy.All;
            default:
                reader.RejectUnknown(body, kindPath, "versions");
                return ReadSpecific(reader, body, kindPath) ?? fallback;
        }
    }

    private static VersionPolicy? ReadSpecific(ConfigReader reader, JsonElement body, string path)
    {
        var versionsPath = ConfigReader.Join(path, "versions");
        if (!body.TryGetProperty("versions", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            reader.Error(versionsPath, "must be a non-empty list of version numbers");
            return null;
        }

        var versions = new List<long>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (reader.Integer(item, $"{versionsPath}[{index}]", 0) is { } version)
            {
                versions.Add(version);
            }

            index++;
        }

        return VersionPolicy.Specific(versions);
    }

    private static Dictionary<string, long> ReadLabels(ConfigReader reader, JsonElement element, string path)
    {
        var labels = new Dictionary<string, long>(StringComparer.Ordinal);
        if (reader.Object(element, path) is not { } obj)
        {
            return labels;
        }

        foreach (var property in obj.EnumerateObject())
        {
            var labelPath = ConfigReader.Join(path, property.Name);
            if (!IsValidLabel(property.Name))
            {
                reader.Error(labelPath, "a label is letters, digits, '-', '_' or '.', and does not start with a digit");
            }
            else if (reader.Integer(property.Value, labelPath, 0) is { } version)
            {
                labels[property.Name] = version;
            }
        }

        return labels;
    }

    private static WarmupConfig ReadWarmup(ConfigReader reader, JsonElement element, string modelDirectory)
    {
        const string path = "warmup";
        var warmup = new WarmupConfig();
        if (reader.Object(element, path) is not { } obj)
        {
            return warmup;
        }

        reader.RejectUnknown(obj, path, "batchSizes", "dynamicDimensionSize", "requests", "iterations");
        var sizes = new List<int>();
        if (obj.TryGetProperty("batchSizes", out var list))
        {
            var index = 0;
            foreach (var item in list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : default)
            {
                if (reader.Integer(item, $"{path}.batchSizes[{index++}]", 1, 4096) is { } size)
                {
                    sizes.Add((int)size);
                }
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                reader.Error($"{path}.batchSizes", "must be a list of batch sizes");
            }
        }

        var requests = new List<string>();
        if (obj.TryGetProperty("requests", out var files))
        {
            var index = 0;
            foreach (var item in files.ValueKind == JsonValueKind.Array ? files.EnumerateArray() : default)
            {
                var itemPath = $"{path}.requests[{index++}]";
                var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
                var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDirectory.Length == 0 ? "." : modelDirectory));
                var full = name is null ? null : Path.GetFullPath(Path.Combine(directory, name));
                if (name is null || Path.IsPathRooted(name) || !full!.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    reader.Error(itemPath, "must be a file path inside the model directory");
                }
                else if (RegularFiles.Problem(full) is { } problem)
                {
                    reader.Error(itemPath, problem == RegularFiles.Missing
                        ? $"file '{name}' does not exist in the model directory"
                        : $"file '{name}' {problem}");
                }
                else
                {
                    requests.Add(full);
                }
            }

            if (files.ValueKind != JsonValueKind.Array)
            {
                reader.Error($"{path}.requests", "must be a list of request files");
            }
        }

        return warmup with
        {
            BatchSizes = sizes,
            Requests = requests,
            DynamicDimensionSize = (int)(reader.Integer(obj, path, "dynamicDimensionSize", 1, 4096) ?? warmup.DynamicDimensionSize),
            Iterations = (int)(reader.Integer(obj, path, "iterations", 1, 100) ?? warmup.Iterations),
        };
    }

    private static bool IsValidLabel(string label) =>
        label.Length is > 0 and <= 64 && !char.IsAsciiDigit(label[0]) &&
        label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
