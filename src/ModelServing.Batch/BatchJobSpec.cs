namespace ModelServing.Batch;

/// <summary>What a batch prediction job reads, runs and writes.</summary>
public sealed record BatchJobSpec
{
    /// <summary>The served model's name.</summary>
    public required string Model { get; init; }

    /// <summary>The model version, or null for the latest AVAILABLE one.</summary>
    public long? Version { get; init; }

    /// <summary>Input files or glob patterns (<c>*</c>, <c>?</c>, <c>**</c>), local paths or <c>file://</c> URIs.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>How the input files are laid out.</summary>
    public BatchInputFormat Format { get; init; } = BatchInputFormat.JsonLines;

    /// <summary>The output directory (created when missing); rerunning on it resumes the job.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Instances per prediction request (Vertex AI's default is 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Batches predicted concurrently.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Input records per checkpointed chunk; 0 picks 16 batches.</summary>
    public int ChunkSize { get; init; }

    /// <summary>The job aborts once more than this many instances failed; null never aborts.</summary>
    public long? MaxErrors { get; init; }

    /// <summary>This process's shard, 0-based.</summary>
    public int ShardIndex { get; init; }

    /// <summary>Processes sharing the inputs; each takes every <see cref="ShardCount"/>-th chunk.</summary>
    public int ShardCount { get; init; } = 1;

    /// <summary>When set, file-list lines may only name files under this directory (the REST API sets its input root).</summary>
    public string? FileListRoot { get; init; }

    /// <summary>
    /// When set, messages name inputs relative to this directory: the REST API sets its input root, so a job's error shows
    /// the caller's own relative path and never the server's root. Null: messages name inputs as given.
    /// </summary>
    public string? InputRoot { get; init; }

    /// <summary>How instances are shaped.</summary>
    public InstanceConfig InstanceConfig { get; init; } = new();

    /// <summary>Records per chunk after defaults.</summary>
    public int EffectiveChunkSize => ChunkSize > 0 ? ChunkSize : BatchSize * 16;

    /// <summary>The spec's problems, empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return "a model is required";
        }

        if (Inputs.Count == 0)
        {
            yield return "at least one input is required";
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            yield return "an output directory is required";
        }

        if (BatchSize is < 1 or > 65536)
        {
            yield return "batchSize must be between 1 and 65536";
        }

        if (Workers is < 1 or > 256)
        {
            yield return "workers must be between 1 and 256";
        }

        if (ChunkSize < 0)
        {
            yield return "chunkSize must not be negative";
        }

        if (MaxErrors < 0)
        {
            yield return "maxErrors must not be negative";
        }

        if (ShardCount < 1 || ShardIndex < 0 || ShardIndex >= ShardCount)
        {
            yield return $"shard index {ShardIndex} is not within shard count {ShardCount}";
        }

        foreach (var problem in InstanceConfig.Validate())
        {
            yield return problem;
        }
    }
}
