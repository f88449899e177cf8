using System.Diagnostics;

namespace ModelServing.Core.Runtime;

/// <summary>
/// A bounded spin for something expected within microseconds, that stops trying where it keeps missing: after three misses
/// in a row it spins only on every sixteenth call until it hits again.
/// </summary>
/// <remarks>
/// Not thread-safe by design: a racy update only spins once more or less. Real time (<see cref="Stopwatch"/>), not an
/// injected clock: the bound is on CPU spent, not on a schedule. Spinning pays where a wait is shorter than a kernel wake-up
/// and the core is otherwise idle; on a machine with more runnable threads than cores the spins miss and stop.
/// </remarks>
internal struct AdaptiveSpin
{
    private const int MissesBeforeBackOff = 3;
    private const int ProbeEvery = 16;

    private readonly long _ticks;
    private int _misses;

    /// <summary>Creates a spin of at most <paramref name="microseconds"/>.</summary>
    public AdaptiveSpin(int microseconds)
    {
        _ticks = Stopwatch.Frequency * microseconds / 1_000_000;
    }

    /// <summary>Spins until <paramref name="done"/> holds or the time is up, unless recent spins missed.</summary>
    /// <returns>True when <paramref name="done"/> held.</returns>
    public bool Spin<TState>(TState state, Func<TState, bool> done)
    {
        if (_misses >= MissesBeforeBackOff && _misses % ProbeEvery != 0)
        {
            Miss();
            return done(state);
        }

        var until = Stopwatch.GetTimestamp() + _ticks;
        var spinner = default(SpinWait);
        while (!done(state))
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                Miss();
                return false;
            }

            // Yields now and then (never sleeps), so that a thread runnable on this core is not held up by the spin.
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _misses = 0;
        return true;
    }

    private void Miss() => _misses = _misses >= 1 << 20 ? MissesBeforeBackOff : _misses + 1;
}
