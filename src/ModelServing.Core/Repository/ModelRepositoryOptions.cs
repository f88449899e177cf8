namespace ModelServing.Core.Repository;

/// <summary>Where the model repository is and how it is served.</summary>
public sealed class ModelRepositoryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "ModelRepository";

    /// <summary>Root directory holding <c>&lt;name&gt;/&lt;version&gt;/model.onnx</c>.</summary>
    /// <value>Default <c>./models</c>; also set by <c>MODEL_REPOSITORY</c> or <c>--model-repository</c>. The gateway also takes a
    /// remote URI (<c>s3://</c>, <c>gs://</c>, Azure Blob) here and serves its local mirror, the directory this then holds.</value>
    public string Root { get; set; } = "models";

    /// <summary>When set, serve only this model (a TF Serving <c>MODEL_NAME</c> style single-model deployment).</summary>
    /// <value>Default null: every model directory.</value>
    public string? SingleModelName { get; set; }

    /// <summary>How often the repository is scanned for new, changed and removed models and versions; zero turns watching off.</summary>
    /// <value>Default 2 seconds (TF Serving's <c>--file_system_poll_wait_seconds</c> is 1).</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long no file of a version directory may change before the version loads (so half-copied files never load).</summary>
    /// <value>Default 2 seconds. A finished directory renamed into place keeps its files' times and loads at the next scan.</value>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When true, <see cref="Root"/> is itself one model's directory (holding version directories).</summary>
    /// <value>Default false.</value>
    public bool RootIsModelDirectory { get; set; }

    /// <summary>How long after a failed load the first retry waits; later retries double it (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    /// <value>Default 5 seconds. A change to the version's files or config retries at once regardless.</value>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two retries of a failed load.</summary>
    /// <value>Default 5 minutes.</value>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a failed load is retried when nothing changed; zero retries only on file or config changes.</summary>
    /// <value>Default 10 (TF Serving's <c>--max_num_load_retries</c> is 5).</value>
    public int RetryMaxAttempts { get; set; } = 10;

    /// <summary>How long a composed model's version waits LOADING for the models it calls to become AVAILABLE before its load fails (and is retried).</summary>
    /// <value>Default 2 minutes.</value>
    public TimeSpan DependencyWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Applied to every model config after it is read and validated, before the model loads (a host's own runtime defaults).</summary>
    /// <value>Default null: configs as written. The batch CLI sizes runtime threads to its workers with it.</value>
    /// <remarks>Must be a pure function of its argument: it runs on every scan, and the config's fingerprint is kept.</remarks>
    public Func<ModelConfig, ModelConfig>? AdjustConfig { get; set; }
}
