namespace ModelServing.Storage.Mirror;

/// <summary>How a remote model repository is mirrored to local disk (section <c>ModelRepository</c>).</summary>
public sealed class RepositoryMirrorOptions
{
    /// <summary>The configuration section name (shared with the repository's own options).</summary>
    public const string SectionName = "ModelRepository";

    /// <summary>The local cache directory holding one mirror per remote repository (<c>ModelRepository:Cache</c> or <c>MODEL_CACHE</c>).</summary>
    /// <value>Default null: <c>modelserving-cache</c> in the system temporary directory. Put it on a volume that survives restarts
    /// for warm starts.</value>
    public string? Cache { get; set; }

    /// <summary>How many objects download at once (<c>ModelRepository:MaxConcurrentDownloads</c>).</summary>
    /// <value>Default 4.</value>
    public int MaxConcurrentDownloads { get; set; } = 4;

    /// <summary>The copy buffer of one download; memory used by downloads is at most this times <see cref="MaxConcurrentDownloads"/>
    /// whatever the model size (<c>ModelRepository:DownloadBufferBytes</c>).</summary>
    /// <value>Default 262144 (256 KiB).</value>
    public int DownloadBufferBytes { get; set; } = 256 * 1024;

    /// <summary>Retries of a listing or object download that failed for a transient reason (unreachable store, server error)
    /// within one sync (<c>ModelRepository:SyncRetries</c>).</summary>
    /// <value>Default 3.</value>
    public int SyncRetries { get; set; } = 3;

    /// <summary>The first wait before retrying after a failure; it doubles (with jitter) for later retries and for later syncs
    /// of what keeps failing, up to <see cref="SyncRetryMaxDelay"/> (<c>ModelRepository:SyncRetryDelay</c>).</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan SyncRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before the store is tried again after failed syncs (<c>ModelRepository:SyncRetryMaxDelay</c>).</summary>
    /// <value>Default 1 minute.</value>
    public TimeSpan SyncRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Lists every invalid setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConcurrentDownloads is < 1 or > 64)
        {
            errors.Add($"{SectionName}:MaxConcurrentDownloads must be between 1 and 64 (is {MaxConcurrentDownloads}).");
        }

        if (DownloadBufferBytes is < 4096 or > 64 * 1024 * 1024)
        {
            errors.Add($"{SectionName}:DownloadBufferBytes must be between 4096 and 67108864 (is {DownloadBufferBytes}).");
        }

        if (SyncRetries is < 0 or > 20)
        {
            errors.Add($"{SectionName}:SyncRetries must be between 0 and 20 (is {SyncRetries}).");
        }

        if (SyncRetryDelay <= TimeSpan.Zero || SyncRetryMaxDelay < SyncRetryDelay)
        {
            errors.Add($"{SectionName}:SyncRetryDelay must be positive and at most {SectionName}:SyncRetryMaxDelay.");
        }

        return errors;
    }
}
