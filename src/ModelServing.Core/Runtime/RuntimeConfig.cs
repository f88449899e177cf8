namespace ModelServing.Core.Runtime;

/// <summary>How the runtime runs a model: threads, graph optimization, memory, execution providers (<c>runtime</c> in config.json).</summary>
public sealed record RuntimeConfig
{
    /// <summary>Threads inside one operator.</summary>
    /// <value>Default null: the process-wide pool shared by every model, sized to the cores, so models never oversubscribe them.</value>
    public int? IntraOpThreads { get; init; }

    /// <summary>Threads running independent operators in parallel (parallel execution mode only).</summary>
    /// <value>Default null: the shared pool (one thread).</value>
    public int? InterOpThreads { get; init; }

    /// <summary>Graph optimization level: <c>none</c>, <c>basic</c>, <c>extended</c> or <c>all</c>.</summary>
    /// <value>Default <c>all</c>.</value>
    public string GraphOptimizationLevel { get; init; } = "all";

    /// <summary>Whether the CPU memory arena is used.</summary>
    /// <value>Default true.</value>
    public bool MemoryArena { get; init; } = true;

    /// <summary>
    /// How often, at most, a run ends by handing the CPU arena's unused regions back (ONNX Runtime's
    /// <c>memory.enable_memory_arena_shrinkage</c>) and freed native memory to the operating system; null never does.
    /// </summary>
    /// <value>
    /// Default 10 s. Without it the arena stays at the largest batch it ever ran: an occasional big batch (many images, a
    /// large page) keeps its memory resident for the life of the version. Shrinking costs the next large run its page faults,
    /// so it runs at most this often.
    /// </value>
    public TimeSpan? MemoryArenaShrinkInterval { get; init; } = DefaultMemoryArenaShrinkInterval;

    /// <summary>The arena shrink interval a model gets when its config says nothing.</summary>
    public static TimeSpan DefaultMemoryArenaShrinkInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether memory patterns are planned for repeated input shapes.</summary>
    /// <value>Default true.</value>
    public bool MemoryPattern { get; init; } = true;

    /// <summary><c>sequential</c> or <c>parallel</c> operator execution.</summary>
    /// <value>Default <c>sequential</c>.</value>
    public string ExecutionMode { get; init; } = "sequential";

    /// <summary>Execution providers in order of preference (<c>cuda</c>, <c>cpu</c>); the first that loads is used.</summary>
    /// <value>
    /// Default empty: the runtime's own preference, which for ONNX Runtime is <c>["cuda", "cpu"]</c> in a build with a GPU
    /// package and <c>["cpu"]</c> in the CPU build.
    /// </value>
    public IReadOnlyList<string> ExecutionProviders { get; init; } = [];

    /// <summary>When true, a version whose first-choice accelerator cannot load fails instead of falling back to the CPU.</summary>
    /// <value>Default false.</value>
    public bool RequireAccelerator { get; init; }

    /// <summary>Longest one model execution (a batch) may run before ONNX Runtime is told to stop it; null for no limit.</summary>
    /// <value>Default 30 s (TF Serving's REST timeout): every request of a stopped batch gets DeadlineExceeded.</value>
    public TimeSpan? InferenceTimeout { get; init; } = DefaultInferenceTimeout;

    /// <summary>The inference timeout a model gets when its config says nothing.</summary>
    public static TimeSpan DefaultInferenceTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The names <see cref="GraphOptimizationLevel"/> accepts.</summary>
    public static IReadOnlyList<string> OptimizationLevels { get; } = ["none", "basic", "extended", "all"];

    /// <summary>The names <see cref="ExecutionProviders"/> accepts.</summary>
    public static IReadOnlyList<string> Providers { get; } = ["cuda", "cpu"];
}
