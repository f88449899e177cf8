namespace ModelServing.Gateway.Hosting;

/// <summary>Startup: requests that arrive while the model repository is loading for the first time wait for it.</summary>
public sealed class StartupOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Startup";

    /// <summary>Seconds a POST (predict, infer, score, management) that arrives before the first repository load has finished
    /// waits for it; it then runs against the loaded models (<c>Startup:HoldRequestsSeconds</c> or
    /// <c>MODELSERVING_STARTUP_HOLD_SECONDS</c>). Probes and other GETs answer at once.</summary>
    /// <value>Default 30; 0 lets such requests through at once (they get 404 or 503 for models not loaded yet).</value>
    public double HoldRequestsSeconds { get; set; } = 30;
}
