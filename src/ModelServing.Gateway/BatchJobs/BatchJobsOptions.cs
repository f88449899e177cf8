namespace ModelServing.Gateway.BatchJobs;

/// <summary>The REST batch prediction job API; off unless both roots are set.</summary>
public sealed class BatchJobsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BatchJobs";

    /// <summary>Input URIs (and file-list entries) must be under this directory; relative URIs are taken from it.</summary>
    public string? InputRoot { get; set; }

    /// <summary>Job outputs are written under this directory (default: one folder per job id).</summary>
    public string? OutputRoot { get; set; }

    /// <summary>Jobs running at once; later jobs wait in JOB_STATE_QUEUED.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>Jobs remembered (finished ones are forgotten oldest first beyond this).</summary>
    public int MaxJobs { get; set; } = 100;

    /// <summary>True when both roots are configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(InputRoot) && !string.IsNullOrWhiteSpace(OutputRoot);
}
