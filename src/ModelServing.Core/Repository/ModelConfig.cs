using ModelServing.Core.Batching;
using ModelServing.Core.Pipeline;

using ModelServing.Core.Runtime;

namespace ModelServing.Core.Repository;

/// <summary>The configuration of one model: <c>&lt;repository&gt;/&lt;name&gt;/config.json</c>, or defaults when absent.</summary>
/// <remarks>The file format is documented in docs/model-config.md and published as docs/model-config.schema.json.</remarks>
public sealed record ModelConfig
{
    /// <summary>The platform that runs the model files.</summary>
    /// <value>Default <c>onnxruntime</c>.</value>
    public string Platform { get; init; } = "onnxruntime";

    /// <summary>Which numeric version directories are served.</summary>
    /// <value>Default: the latest one.</value>
    public VersionPolicy VersionPolicy { get; init; } = VersionPolicy.Latest(1);

    /// <summary>Labels (<c>stable</c>, <c>canary</c>) pointing at version numbers.</summary>
    public IReadOnlyDictionary<string, long> VersionLabels { get; init; } = new Dictionary<string, long>();

    /// <summary>Whether a label routes straight to its configured version even before that version is AVAILABLE.</summary>
    /// <value>
    /// Default false: a label follows its configured version only once that version is AVAILABLE and keeps its previous
    /// AVAILABLE target until then (TF Serving's <c>--allow_version_labels_for_unavailable_models</c> when true).
    /// </value>
    public bool AllowUnavailableLabels { get; init; }

    /// <summary>Free text shown in metadata.</summary>
    public string? Description { get; init; }

    /// <summary>The stages before and after the model, or null for raw tensors in and out.</summary>
    public ServingFunctionConfig? ServingFunction { get; init; }

    /// <summary>The steps of a composed model, which calls other served models instead of running a model file; null otherwise.</summary>
    public Graph.GraphConfig? Graph { get; init; }

    /// <summary>Threads, optimization and execution providers for the runtime.</summary>
    public RuntimeConfig Runtime { get; init; } = new();

    /// <summary>How requests are batched into the runtime.</summary>
    /// <value>Default: on for models with a batch dimension, up to 8 rows, no queue delay (TF Serving's CPU advice).</value>
    public BatchingOptions Batching { get; init; } = DefaultBatching;

    /// <summary>The batching a model gets when its config says nothing.</summary>
    /// <remarks>
    /// No queue delay and one execution per core: TF Serving's CPU advice (<c>num_batch_threads</c> = cores, timeout 0). On
    /// small CPU boxes two concurrent executions of smaller batches beat one execution of a batch twice the size.
    /// </remarks>
    public static BatchingOptions DefaultBatching { get; } = new()
    {
        MaxQueueDelay = TimeSpan.Zero,
        MaxConcurrentExecutions = Environment.ProcessorCount,
    };

    /// <summary>When a version's runtime counts as failing and is rested, answering 503 at once.</summary>
    /// <value>Default: on, opening at half of at least 10 executions failing within 30 s, for 5 s.</value>
    public CircuitBreakerConfig CircuitBreaker { get; init; } = new();

    /// <summary>Batches and requests run before a version becomes AVAILABLE.</summary>
    public WarmupConfig Warmup { get; init; } = new();

    /// <summary>A hash of the config file's bytes (empty for defaults): two configs with the same fingerprint are the same.</summary>
    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>The configuration a model without a config file gets.</summary>
    public static ModelConfig Default { get; } = new();
}
