namespace ModelServing.Core.Repository;

/// <summary>Where the model repository is and how it is served.</summary>
public sealed class ModelRepositoryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "ModelRepository";

    /// <summary>Root directory holding <c>&lt;name&gt;/&lt;version&gt;/model.onnx</c>.</summary>
    /// <value>Default <c>./models</c>; also set by <c>MODEL_REPOSITORY</c> or <c>--model-repository</c>.</value>
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
}
