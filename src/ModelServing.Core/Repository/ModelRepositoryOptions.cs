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

    /// <summary>When true, <see cref="Root"/> is itself one model's directory (holding version directories).</summary>
    /// <value>Default false.</value>
    public bool RootIsModelDirectory { get; set; }
}
