namespace ModelServing.BatchCli.Profiling;

/// <summary>What <c>modelserving-batch profile</c> was asked to do.</summary>
internal sealed record ProfileSettings
{
    /// <summary>The model repository (only read, except config.json with <see cref="Write"/>).</summary>
    public required string Repository { get; init; }

    /// <summary>The model to profile.</summary>
    public required string Model { get; init; }

    /// <summary>Sample files; empty to generate requests from a numeric signature.</summary>
    public IReadOnlyList<string> Samples { get; init; } = [];

    /// <summary>Images or JSONL instances per request, and generated rows per request.</summary>
    /// <value>Default 1.</value>
    public int ItemsPerRequest { get; init; } = 1;

    /// <summary>The latency budget or maximum throughput.</summary>
    public required ProfileTarget Target { get; init; }

    /// <summary>The whole run's time budget (in-process search and gateway check); each stops before a trial that would pass it.</summary>
    /// <value>Default 5 minutes: up to <see cref="GatewayCheck.MaxShare"/> of it is held back for the gateway check.</value>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Each trial's unmeasured warm-up.</summary>
    /// <value>Default 0.5 s.</value>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Each trial's measured window.</summary>
    /// <value>Default 2 s.</value>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The highest offered concurrency tried (1, 2, 4... up to it) when <see cref="Concurrency"/> is not given.</summary>
    /// <value>Default 64.</value>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>The offered concurrencies the caller will run at: the in-process sweep and the gateway check use exactly these.</summary>
    /// <value>Default null: the sweep doubles from 1 up to <see cref="MaxConcurrency"/>, the check uses the finalists' best points.</value>
    public IReadOnlyList<int>? Concurrency { get; init; }

    /// <summary>Each gateway check point's measured window.</summary>
    /// <value>Default 5 s.</value>
    public TimeSpan CheckWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Each gateway check point's unmeasured warm-up.</summary>
    /// <value>Default 1 s.</value>
    public TimeSpan CheckWarmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the recommendation is written into the model's config.json.</summary>
    public bool Write { get; init; }
}
