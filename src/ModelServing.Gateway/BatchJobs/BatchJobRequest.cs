using System.Text.Json;
using ModelServing.Batch;
using ModelServing.Core.IO;

namespace ModelServing.Gateway.BatchJobs;

/// <summary>Reads a Vertex AI style <c>BatchPredictionJob</c> create request and confines its paths to the configured roots.</summary>
/// <remarks>
/// Every problem is a reason naming the field at fault (<c>'inputConfig.uris[1]'</c>), safe to show: it holds the caller's
/// own text at most, never a server path. Paths are checked as text before any file system call sees them.
/// </remarks>
internal static partial class BatchJobRequest
{
    /// <summary>The job spec, or the reason the request is invalid (safe to show: names no server path).</summary>
    public static (BatchJobSpec? Spec, string? DisplayName, string? OutputName, string? Error) Parse(JsonElement root, BatchJobsOptions options, string jobId)
    {
        try
        {
            return ParseFields(root, options, jobId);
        }
        catch (InvalidFieldException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static (BatchJobSpec?, string?, string?, string?) ParseFields(JsonElement root, BatchJobsOptions options, string jobId)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("The job must be a JSON object");
        }

        var model = String(root, "model", "model");
        if (string.IsNullOrWhiteSpace(model))
        {
            return Fail("'model' is required (a served model name, or models/<name>)");
        }

        model = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        if (!root.TryGetProperty("inputConfig", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            return Fail("'inputConfig' is required: {\"instancesFormat\": ..., \"uris\": [...]}");
        }

        if (!BatchInputFormats.TryParse(String(input, "instancesFormat", "inputConfig.instancesFormat"), out var format))
        {
            return Fail($"'inputConfig.instancesFormat' must be one of {BatchInputFormats.Names}");
        }

        var (uris, urisField) = input.TryGetProperty("uris", out _)
            ? (Strings(input, "uris", "inputConfig.uris"), "inputConfig.uris")
            : input.TryGetProperty("gcsSource", out var source) ? (Strings(source, "uris", "inputConfig.gcsSource.uris"), "inputConfig.gcsSource.uris") : (null, "inputConfig.uris");
        if (uris is null || uris.Count == 0)
        {
            return Fail("'inputConfig.uris' must list at least one input file or glob");
        }

        var inputRoot = Path.GetFullPath(options.InputRoot!);
        var inputs = new List<string>();
        for (var i = 0; i < uris.Count; i++)
        {
            var uri = uris[i];
            var field = $"{urisField}[{i}]";
            if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && !parsed.IsFile)
            {
                return Fail($"Input \"{uri}\" is not a local path: only files under the input root are read");
            }

            var local = LocalPath(uri, field);
            var full = Path.GetFullPath(local, inputRoot);
            var fixedPart = full[..Math.Max(0, full.IndexOfAny(['*', '?']) is var w and >= 0 ? w : full.Length)];
            if (!PathResolution.IsUnder(fixedPart.Length == 0 ? "/" : fixedPart, inputRoot))
            {
                return Fail($"Input \"{uri}\" is outside the input root");
            }

            inputs.Add(full);
        }

        var outputName = jobId;
        if (root.TryGetProperty("outputConfig", out var output) && output.ValueKind == JsonValueKind.Object)
        {
            var requested = String(output, "outputDirectory", "outputConfig.outputDirectory")
                ?? (output.TryGetProperty("gcsDestination", out var destination)
                    ? String(destination, "outputUriPrefix", "outputConfig.gcsDestination.outputUriPrefix")
                    : null);
            if (requested is not null)
            {
                outputName = CheckPath(requested, "outputConfig.outputDirectory").Trim('/');
            }

            if (String(output, "predictionsFormat", "outputConfig.predictionsFormat") is { } predictionsFormat && predictionsFormat != "jsonl")
            {
                return Fail("'outputConfig.predictionsFormat' must be jsonl");
            }
        }

        var outputRoot = Path.GetFullPath(options.OutputRoot!);
        var outputDirectory = Path.GetFullPath(outputName, outputRoot);
        if (outputName.Length == 0 || !PathResolution.IsUnder(outputDirectory, outputRoot) || outputDirectory == outputRoot.TrimEnd('/'))
        {
            return Fail("'outputConfig.outputDirectory' must name a folder under the output root");
        }

        var batchSize = Int(root, "batchSize")
            ?? (root.TryGetProperty("manualBatchTuningParameters", out var tuning) ? Int(tuning, "batchSize") ?? Int(tuning, "batch_size") : null)
            ?? 64;
        var instanceConfig = new InstanceConfig();
        if (root.TryGetProperty("instanceConfig", out var config) && config.ValueKind == JsonValueKind.Object)
        {
            instanceConfig = new InstanceConfig
            {
                InstanceType = String(config, "instanceType", "instanceConfig.instanceType"),
                IncludedFields = Strings(config, "includedFields", "instanceConfig.includedFields") ?? [],
                ExcludedFields = Strings(config, "excludedFields", "instanceConfig.excludedFields") ?? [],
                KeyField = String(config, "keyField", "instanceConfig.keyField"),
            };
        }

        var spec = new BatchJobSpec
        {
            Model = model,
            Inputs = inputs,
            Format = format,
            OutputDirectory = outputDirectory,
            BatchSize = batchSize,
            MaxErrors = Int(root, "maxErrors"),
            InstanceConfig = instanceConfig,
            FileListRoot = inputRoot,
            InputRoot = inputRoot,
        };
        var problems = spec.Validate().ToList();
        return problems.Count > 0 ? Fail(string.Join("; ", problems)) : (spec, String(root, "displayName", "displayName"), outputName, null);
    }

    private static (BatchJobSpec?, string?, string?, string?) Fail(string message) => (null, null, null, message);
}
