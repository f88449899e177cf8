using ModelServing.Core.Repository;

namespace ModelServing.Core.DataPlane;

/// <summary>When a call stops waiting, counted from its arrival: the caller's own timeout, else the model's default one.</summary>
/// <param name="Arrival">When the call arrived, before its body was read.</param>
/// <param name="Requested">The deadline the caller set (a header, a gRPC deadline), or null.</param>
public readonly record struct InferenceDeadline(DateTimeOffset Arrival, DateTimeOffset? Requested)
{
    /// <summary>The deadline for <paramref name="lease"/>: the requested one, else arrival + the version's <c>defaultTimeout</c>, else none.</summary>
    public DateTimeOffset? For(VersionLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return Requested ?? (lease.Scheduler.DefaultTimeout is { } timeout ? Arrival + timeout : null);
    }
}
