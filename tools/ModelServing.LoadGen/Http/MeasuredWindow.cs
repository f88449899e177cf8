using System.Diagnostics;
using ModelServing.LoadGen.Measurement;

namespace ModelServing.LoadGen.Http;

/// <summary>The measured window of a run, in <see cref="Stopwatch"/> ticks, and the CPU bookkeeping at its edges.</summary>
/// <remarks>Start and stop are called once each, from one task.</remarks>
internal sealed class MeasuredWindow : IDisposable
{
    private readonly ServerMonitor? _monitor;
    private TimeSpan _ownCpuStart;

    public MeasuredWindow(LoadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _monitor = settings.ServerPid is { } pid ? ServerMonitor.Attach(pid) : null;
        Origin = Stopwatch.GetTimestamp();
        Start = Origin + Ticks(settings.Warmup);
        End = Start + Ticks(settings.Duration);
        Duration = settings.Duration;
    }

    /// <summary>When the load starts (warm-up included).</summary>
    public long Origin { get; }

    /// <summary>When measuring starts.</summary>
    public long Start { get; }

    /// <summary>When measuring ends.</summary>
    public long End { get; }

    public TimeSpan Duration { get; }

    public bool Contains(long timestamp) => timestamp >= Start && timestamp <= End;

    /// <summary>Waits for the window to open and notes the CPU clocks.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await DelayUntilAsync(Start, cancellationToken).ConfigureAwait(false);
        _ownCpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        _monitor?.Start();
    }

    /// <summary>Waits for the window to close; returns this process's CPU seconds in the window.</summary>
    public async Task<double> CloseAsync(CancellationToken cancellationToken)
    {
        await DelayUntilAsync(End, cancellationToken).ConfigureAwait(false);
        return (Process.GetCurrentProcess().TotalProcessorTime - _ownCpuStart).TotalSeconds;
    }

    /// <summary>The server's figures for the window (after <see cref="CloseAsync"/>), or null without a server pid.</summary>
    public async Task<ServerUsage?> ServerUsageAsync(long requests) =>
        _monitor is null ? null : await _monitor.StopAsync(Duration, requests).ConfigureAwait(false);

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _monitor?.Dispose();
}
