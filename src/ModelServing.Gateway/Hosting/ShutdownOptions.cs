namespace ModelServing.Gateway.Hosting;

/// <summary>Graceful shutdown: on SIGTERM readiness answers 503 at once and every response carries <c>Connection: close</c>,
/// new connections are still accepted and served for the drain delay, then the listener closes and in-flight requests get
/// the shutdown timeout to finish (see <c>Hosting/README.md</c>).</summary>
public sealed class ShutdownOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Shutdown";

    /// <summary>Seconds in-flight requests get to finish once the listener closes (<c>Shutdown:TimeoutSeconds</c> or <c>MODELSERVING_SHUTDOWN_TIMEOUT_SECONDS</c>).</summary>
    /// <value>Default 30.</value>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds between SIGTERM (readiness 503) and closing the listener, so a load balancer stops sending first
    /// (<c>Shutdown:DrainDelaySeconds</c> or <c>MODELSERVING_DRAIN_DELAY_SECONDS</c>).</summary>
    /// <value>Default 0: Kubernetes' preStop sleep usually does this job.</value>
    public double DrainDelaySeconds { get; set; }
}
