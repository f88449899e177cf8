namespace ModelServing.Core.Repository;

/// <summary>The TF Serving lifecycle states of a model version (<c>ModelVersionStatus.State</c>).</summary>
public enum ModelVersionState
{
    /// <summary>Unknown.</summary>
    Unknown = 0,
    /// <summary>Found on disk and about to load.</summary>
    Start = 10,
    /// <summary>Loading.</summary>
    Loading = 20,
    /// <summary>Serving requests.</summary>
    Available = 30,
    /// <summary>Finishing its requests before it unloads.</summary>
    Unloading = 40,
    /// <summary>Unloaded, or failed to load (then <see cref="ModelVersionStatus"/> holds the error).</summary>
    End = 50,
}
