using Microsoft.Extensions.Options;
using ModelServing.Gateway.Grpc;

namespace ModelServing.Gateway.Health;

/// <summary>Counts open health <c>Watch</c> streams against <see cref="GrpcOptions.MaxHealthWatches"/>: the health service is open without a key, so one caller must not hold unbounded streams. Thread-safe.</summary>
internal sealed class HealthWatchSlots(IOptions<GrpcOptions> options)
{
    private int _open;

    /// <summary>Takes a slot; false when every slot is taken.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= options.Value.MaxHealthWatches)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    /// <summary>Gives back a slot taken by <see cref="TryEnter"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref _open);
}
