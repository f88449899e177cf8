namespace ModelServing.Core.Runtime;

/// <summary>When a model version's runtime counts as failing and for how long it is then rested (<c>circuitBreaker</c> in config.json).</summary>
/// <remarks>
/// The semantics are Polly's circuit breaker: within each <see cref="SamplingDuration"/>, once at least
/// <see cref="MinimumThroughput"/> executions ran and the share of them that failed reaches <see cref="FailureRatio"/>, the
/// breaker opens for <see cref="BreakDuration"/>; then one execution is let through (half-open), which closes it again on
/// success or reopens it on failure. Only runtime failures and inference timeouts count, never invalid input.
/// </remarks>
public sealed record CircuitBreakerConfig
{
    /// <summary>Whether the version has a circuit breaker.</summary>
    /// <value>Default true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>Share of failed executions (0 to 1) within the sampling duration that opens the breaker.</summary>
    /// <value>Default 0.5.</value>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Fewest executions within the sampling duration before the ratio is considered.</summary>
    /// <value>Default 10.</value>
    public int MinimumThroughput { get; init; } = 10;

    /// <summary>The window in which executions and failures are counted.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open, answering 503 at once, before one execution may try again.</summary>
    /// <value>Default 5 s.</value>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A breaker that never opens.</summary>
    public static CircuitBreakerConfig Disabled { get; } = new() { Enabled = false };
}
