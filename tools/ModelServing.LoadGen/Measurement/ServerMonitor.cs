using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace ModelServing.LoadGen.Measurement;

/// <summary>
/// Watches the server process during the measured window: its CPU time (from the kernel) and, through an EventPipe session on
/// the .NET runtime's GC events, its collections per generation and the bytes it allocated.
/// </summary>
/// <remarks>
/// Allocated bytes come from <c>GCAllocationTick</c> events (one per ~100 KB allocated, each carrying the amount since the
/// previous one), so they are exact to within 100 KB per heap over the window. Not thread-safe; one window per instance.
/// </remarks>
public sealed class ServerMonitor : IDisposable
{
    private const long GcKeyword = 0x1;
    private readonly int _pid;
    private readonly EventPipeSession? _session;
    private readonly Task _processing = Task.CompletedTask;
    private readonly long[] _collections = new long[3];
    private long _allocatedBytes;
    private long _windowStartTicks = long.MaxValue;
    private long _windowEndTicks = long.MaxValue;
    private TimeSpan? _cpuStart;

    private ServerMonitor(int pid, EventPipeSession? session, string? gcError)
    {
        _pid = pid;
        _session = session;
        GcError = gcError;
        if (session is not null)
        {
            var source = new EventPipeEventSource(session.EventStream);
            source.Clr.GCStart += e =>
            {
                if (InWindow(e.TimeStamp))
                {
                    Interlocked.Increment(ref _collections[Math.Clamp(e.Depth, 0, 2)]);
                }
            };
            source.Clr.GCAllocationTick += e =>
            {
                if (InWindow(e.TimeStamp))
                {
                    Interlocked.Add(ref _allocatedBytes, e.AllocationAmount64);
                }
            };
            _processing = Task.Factory.StartNew(() => source.Process(), TaskCreationOptions.LongRunning);
        }
    }

    /// <summary>Why GC figures are missing, or null.</summary>
    public string? GcError { get; }

    /// <summary>Attaches to <paramref name="pid"/>; GC figures are left out (with <see cref="GcError"/>) when EventPipe is unavailable.</summary>
    public static ServerMonitor Attach(int pid)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var provider = new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Verbose, GcKeyword);
            var session = client.StartEventPipeSession(provider, requestRundown: false, circularBufferMB: 64);
            return new ServerMonitor(pid, session, null);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            return new ServerMonitor(pid, null, ex.Message);
        }
    }

    /// <summary>Starts the measured window now.</summary>
    public void Start()
    {
        _cpuStart = CpuTime(_pid);
        Volatile.Write(ref _windowStartTicks, DateTime.Now.Ticks);
    }

    /// <summary>Ends the window and returns what the server did during it.</summary>
    public async Task<ServerUsage> StopAsync(TimeSpan window, long requests)
    {
        var cpu = (CpuTime(_pid) - _cpuStart)?.TotalSeconds;
        Volatile.Write(ref _windowEndTicks, DateTime.Now.Ticks);
        if (_session is not null)
        {
            // Events reach the stream in buffered chunks: give the last ones time to arrive before closing.
            await Task.Delay(TimeSpan.FromMilliseconds(1000)).ConfigureAwait(false);
            try
            {
                await _session.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ServerNotAvailableException or IOException or TimeoutException)
            {
                // The server went away; what arrived is still counted.
            }

            await Task.WhenAny(_processing, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        var seconds = window.TotalSeconds;
        long? allocated = _session is null ? null : Interlocked.Read(ref _allocatedBytes);
        return new ServerUsage(
            cpu is { } used ? Math.Round(used, 3) : null,
            cpu is { } busy && seconds > 0 ? Math.Round(100 * busy / seconds, 1) : null,
            _session is null ? null : _collections[0],
            _session is null ? null : _collections[1],
            _session is null ? null : _collections[2],
            allocated,
            allocated is { } bytes && requests > 0 ? bytes / requests : null,
            cpu is null ? "the server process exited during the window" : GcError);
    }

    /// <summary>CPU time (user + system) a process has used so far, or null when it is not running.</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private bool InWindow(DateTime timestamp) =>
        timestamp.Ticks >= Volatile.Read(ref _windowStartTicks) && timestamp.Ticks <= Volatile.Read(ref _windowEndTicks);

    /// <inheritdoc />
    public void Dispose() => _session?.Dispose();
}
