using System.CommandLine;
using System.Globalization;
using ModelServing.Batch;

namespace ModelServing.BatchCli;

/// <summary>The <c>modelserving-batch</c> command line: a Vertex AI style batch prediction job on one machine or one shard.</summary>
internal static class BatchCommand
{
    public static RootCommand Create()
    {
        var repository = new Option<string>("--model-repository") { Description = "The model repository (models/<name>/<version>/model.onnx).", DefaultValueFactory = _ => "models" };
        var model = new Option<string>("--model") { Description = "The model to run.", Required = true };
        var version = new Option<long?>("--model-version") { Description = "The model version (default: the latest AVAILABLE)." };
        var input = new Option<string[]>("--input") { Description = "Input files or globs (local paths or file:// URIs); repeat or separate with commas.", Required = true, AllowMultipleArgumentsPerToken = true };
        var format = new Option<string>("--format") { Description = $"The instances format: {BatchInputFormats.Names}.", DefaultValueFactory = _ => "jsonl" };
        var output = new Option<string>("--output") { Description = "The output directory; rerunning on it resumes the job.", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Instances per prediction request.", DefaultValueFactory = _ => 64 };
        var workers = new Option<int>("--workers") { Description = "Batches predicted concurrently.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var chunkSize = new Option<int>("--chunk-size") { Description = "Input records per checkpoint (default: 16 batches)." };
        var maxErrors = new Option<long?>("--max-errors") { Description = "Abort once more instances than this failed (default: never)." };
        var instanceType = new Option<string?>("--instance-type") { Description = "instanceConfig.instanceType: object or array." };
        var included = new Option<string?>("--included-fields") { Description = "instanceConfig.includedFields, comma-separated (also orders arrays)." };
        var excluded = new Option<string?>("--excluded-fields") { Description = "instanceConfig.excludedFields, comma-separated." };
        var keyField = new Option<string?>("--key-field") { Description = "instanceConfig.keyField: output lines carry \"key\" instead of \"instance\"." };
        var shardIndex = new Option<int?>("--shard-index") { Description = "This shard (default: JOB_COMPLETION_INDEX, else 0)." };
        var shardCount = new Option<int?>("--shard-count") { Description = "Number of shards (default: JOB_COMPLETION_COUNT or BATCH_SHARD_COUNT, else 1)." };
        var threads = new Option<int?>("--intra-op-threads") { Description = "ONNX Runtime threads per run when the model's config sets none (default: cores / workers, at least 1)." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Print progress lines instead of a progress bar." };

        var root = new RootCommand("Batch prediction (Vertex AI formats) through the ModelServing serving path, resumable and shardable.")
        {
            repository, model, version, input, format, output, batchSize, workers, chunkSize, maxErrors,
            instanceType, included, excluded, keyField, shardIndex, shardCount, threads, noProgress,
        };
        root.Subcommands.Add(LimitCommand.Create());
        root.Subcommands.Add(Profiling.ProfileCommand.Create());
        root.SetAction(async (result, cancellationToken) =>
        {
            if (!BatchInputFormats.TryParse(result.GetValue(format), out var parsedFormat))
            {
                await Console.Error.WriteLineAsync($"error: --format must be one of {BatchInputFormats.Names}").ConfigureAwait(false);
                return 2;
            }

            var spec = new BatchJobSpec
            {
                Model = result.GetValue(model)!,
                Version = result.GetValue(version),
                Inputs = [.. result.GetValue(input)!.SelectMany(SplitList)],
                Format = parsedFormat,
                OutputDirectory = result.GetValue(output)!,
                BatchSize = result.GetValue(batchSize),
                Workers = result.GetValue(workers),
                ChunkSize = result.GetValue(chunkSize),
                MaxErrors = result.GetValue(maxErrors),
                ShardIndex = result.GetValue(shardIndex) ?? EnvironmentInt("JOB_COMPLETION_INDEX") ?? 0,
                ShardCount = result.GetValue(shardCount) ?? EnvironmentInt("JOB_COMPLETION_COUNT") ?? EnvironmentInt("BATCH_SHARD_COUNT") ?? 1,
                InstanceConfig = new InstanceConfig
                {
                    InstanceType = result.GetValue(instanceType),
                    IncludedFields = [.. SplitList(result.GetValue(included))],
                    ExcludedFields = [.. SplitList(result.GetValue(excluded))],
                    KeyField = result.GetValue(keyField),
                },
            };
            var intraOpThreads = result.GetValue(threads) ?? BatchServingHost.IntraOpThreadsFor(spec.Workers);
            if (intraOpThreads < 1)
            {
                await Console.Error.WriteLineAsync("error: --intra-op-threads must be at least 1").ConfigureAwait(false);
                return 2;
            }

            return await BatchRunner.RunAsync(spec, result.GetValue(repository)!, intraOpThreads, result.GetValue(noProgress), cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    private static IEnumerable<string> SplitList(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static int? EnvironmentInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
