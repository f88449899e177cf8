namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    /// <summary>Longest single timer wait; longer waits re-arm when it fires (ITimer rejects very long due times).</summary>
    private static readonly TimeSpan s_maxTimerWait = TimeSpan.FromHours(1);

    private long _signals;
    private long _handledSignals;

    /// <summary>Timestamp the armed timer fires at, or <see cref="long.MaxValue"/> when it is not armed.</summary>
    private long _timerDue = long.MaxValue;

    /// <summary>Set by the timer callback, so the next pass knows the armed wake-up is spent.</summary>
    private int _timerFired;

    private static void OnTimer(object? state)
    {
        var batcher = (DynamicBatcher)state!;
        Volatile.Write(ref batcher._timerFired, 1);
        batcher.Signal();
    }

    /// <summary>Wakes the dispatcher loop: a request arrived or left, an execution finished, or the timer fired.</summary>
    private void Signal()
    {
        Interlocked.Increment(ref _signals);
        _wakeups!.Writer.TryWrite(true);
    }

    private async Task DispatchLoopAsync()
    {
        var reader = _wakeups!.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            reader.TryRead(out _);
            var seen = Volatile.Read(ref _signals);
            try
            {
                DispatchPass();
            }
            catch (Exception ex)
            {
                Log.DispatchFailed(_logger, ex);
            }

            Volatile.Write(ref _handledSignals, seen);
        }
    }

    /// <summary>Makes the timer fire within <paramref name="wait"/>, keeping an earlier wake-up that is already armed.</summary>
    private void ArmTimer(long now, TimeSpan wait)
    {
        if (wait == TimeSpan.MaxValue)
        {
            // A stale armed wake-up is harmless: the pass it causes finds nothing to do.
            return;
        }

        // Timers resolve to milliseconds; rounding up never wakes before a request is due.
        var milliseconds = Math.Ceiling(Math.Clamp(wait.TotalMilliseconds, 0, s_maxTimerWait.TotalMilliseconds));
        var dueAt = now + (long)(milliseconds * _time.TimestampFrequency / 1000);
        if (dueAt >= _timerDue)
        {
            return;
        }

        // Relative to the clock now, not to when the pass began: the pass itself took time.
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), dueAt);
        _timerDue = dueAt;
        _timer!.Change(
            remaining <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)),
            Timeout.InfiniteTimeSpan);
    }
}
