namespace ModelServing.LoadGen.Measurement;

/// <summary>What the server process did during a measured window.</summary>
/// <param name="CpuSeconds">CPU time used (user + system), or null when the process exited.</param>
/// <param name="CpuPercent">CPU time as a percentage of one core (200 = two cores busy), or null.</param>
/// <param name="Gen0Collections">Gen0 collections started, or null without GC events.</param>
/// <param name="Gen1Collections">Gen1 collections started, or null.</param>
/// <param name="Gen2Collections">Gen2 (full) collections started, or null.</param>
/// <param name="AllocatedBytes">Managed bytes allocated, or null.</param>
/// <param name="AllocatedBytesPerRequest">Allocated bytes divided by the requests answered in the window, or null.</param>
/// <param name="GcError">Why figures are missing, or null.</param>
public sealed record ServerUsage(
    double? CpuSeconds,
    double? CpuPercent,
    long? Gen0Collections,
    long? Gen1Collections,
    long? Gen2Collections,
    long? AllocatedBytes,
    long? AllocatedBytesPerRequest,
    string? GcError);
