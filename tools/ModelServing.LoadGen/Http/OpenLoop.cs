using System.Diagnostics;
using ModelServing.LoadGen.Measurement;

namespace ModelServing.LoadGen.Http;

/// <summary>
/// Open-loop load: requests scheduled at a constant rate whatever the server does, each latency measured from its scheduled
/// send time, so a server stall shows up in the percentiles instead of silently slowing the load (no coordinated omission).
/// </summary>
/// <remarks>
/// Requests share a pool of at most <c>connections</c> keep-alive connections, like a client's connection pool (a request
/// finding them all busy waits for one, and that wait counts in its latency). At most <c>maxInFlight</c> requests are
/// outstanding; a request due while the bound is reached is dropped and counted. Requests scheduled inside the window count; after it closes the loop waits
/// up to the timeout for them, and those still unanswered count as <c>unfinished</c> errors.
/// </remarks>
public static class OpenLoop
{
    /// <summary>Schedules <paramref name="rate"/> requests per second for the warm-up and the window.</summary>
    public static async Task<HttpLoadReport> RunAsync(LoadSettings settings, double rate, int connections, int maxInFlight, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        using var window = new MeasuredWindow(settings);
        using var invoker = new HttpMessageInvoker(RequestSender.CreateHandler(connections), disposeHandler: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var state = new State(settings, window, invoker, maxInFlight);

        var interval = Stopwatch.Frequency / rate;
        var scheduler = new Thread(() => Schedule(state, interval, stop.Token)) { IsBackground = true, Name = "open-loop scheduler" };
        scheduler.Start();
        await window.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ownCpu = await window.CloseAsync(cancellationToken).ConfigureAwait(false);

        // Let the requests of the window finish (bounded by the timeout), then cut off the rest.
        var deadline = Stopwatch.GetTimestamp() + MeasuredWindow.Ticks(settings.Timeout);
        while (Volatile.Read(ref state.InFlight) > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        scheduler.Join();
        lock (state.Stats)
        {
            for (var i = Volatile.Read(ref state.InFlight); i > 0; i--)
            {
                state.Stats.RecordError("unfinished", "still unanswered after the window and the timeout");
            }
        }

        var server = await window.ServerUsageAsync(state.Stats.Latency.Count).ConfigureAwait(false);
        return Reports.Create("open", settings, null, rate, state.Dropped, state.Stats, ownCpu, server, state.SendLag);
    }

    private static void Schedule(State state, double interval, CancellationToken stop)
    {
        var window = state.Window;
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = window.Origin + (long)(i * interval);
            if (due >= window.End)
            {
                return;
            }

            // Sleep (sub-millisecond) until the send is due; a late wake-up sends at once and its latency counts from `due`.
            while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is var wait && wait > TimeSpan.FromMicroseconds(50))
            {
                PreciseSleep.For(wait - TimeSpan.FromMicroseconds(50));
            }

            if (Volatile.Read(ref state.InFlight) >= state.MaxInFlight)
            {
                if (window.Contains(due))
                {
                    Interlocked.Increment(ref state.Dropped);
                }

                continue;
            }

            Interlocked.Increment(ref state.InFlight);
            _ = SendAsync(state, due, stop);
        }
    }

    private static async Task SendAsync(State state, long due, CancellationToken stop)
    {
        var measured = state.Window.Contains(due);
        if (measured)
        {
            var lag = Stopwatch.GetTimestamp() - due;
            lock (state.Stats)
            {
                state.SendLag.RecordTicks(lag);
            }
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(state.Settings.Timeout);
            var sender = new RequestSender(state.Invoker, state.Settings.Url, state.Settings.Body.Bytes);
            var (status, bytes, errorBody) = await sender.SendAsync(timeout.Token).ConfigureAwait(false);
            var latency = Stopwatch.GetTimestamp() - due;
            if (measured)
            {
                lock (state.Stats)
                {
                    if (status == 200)
                    {
                        state.Stats.RecordSuccess(latency, bytes);
                    }
                    else
                    {
                        state.Stats.RecordError(status.ToString(System.Globalization.CultureInfo.InvariantCulture), errorBody);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Counted as unfinished by the caller.
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            if (measured)
            {
                lock (state.Stats)
                {
                    state.Stats.RecordError(RequestSender.Classify(ex), ex.Message);
                }
            }
        }

        Interlocked.Decrement(ref state.InFlight);
    }

    private sealed class State(LoadSettings settings, MeasuredWindow window, HttpMessageInvoker invoker, int maxInFlight)
    {
        public int InFlight;
        public long Dropped;

        public LoadSettings Settings { get; } = settings;

        public MeasuredWindow Window { get; } = window;

        public HttpMessageInvoker Invoker { get; } = invoker;

        public int MaxInFlight { get; } = maxInFlight;

        public LoadStats Stats { get; } = new();

        public LatencyHistogram SendLag { get; } = new();
    }
}
