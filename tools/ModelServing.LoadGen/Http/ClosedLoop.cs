using System.Diagnostics;

namespace ModelServing.LoadGen.Http;

/// <summary>
/// Closed-loop load: N workers, each with its own keep-alive connection, sending the next request as soon as the previous
/// one is answered. Measures what the server sustains at a fixed number of outstanding requests.
/// </summary>
/// <remarks>
/// Requests answered inside the window count; those still running when it closes are cancelled and not counted, so the
/// throughput is completions per second of window. A closed loop hides server stalls from its own schedule (coordinated
/// omission): use <see cref="OpenLoop"/> for latency under a given arrival rate.
/// </remarks>
public static class ClosedLoop
{
    /// <summary>Runs <paramref name="concurrency"/> workers for the warm-up and the window.</summary>
    public static async Task<HttpLoadReport> RunAsync(LoadSettings settings, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        using var window = new MeasuredWindow(settings);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new Task<LoadStats>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            workers[i] = Task.Run(() => WorkerAsync(settings, window, stop.Token), CancellationToken.None);
        }

        await window.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ownCpu = await window.CloseAsync(cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        var total = new LoadStats();
        foreach (var stats in await Task.WhenAll(workers).ConfigureAwait(false))
        {
            total.Add(stats);
        }

        var server = await window.ServerUsageAsync(total.Latency.Count).ConfigureAwait(false);
        return Reports.Create("closed", settings, concurrency, null, null, total, ownCpu, server);
    }

    private static async Task<LoadStats> WorkerAsync(LoadSettings settings, MeasuredWindow window, CancellationToken stop)
    {
        var stats = new LoadStats();
        using var invoker = new HttpMessageInvoker(RequestSender.CreateHandler(1), disposeHandler: true);
        var sender = new RequestSender(invoker, settings.Url, settings.Body.Bytes);
        while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < window.End)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(settings.Timeout);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var (status, bytes, errorBody) = await sender.SendAsync(timeout.Token).ConfigureAwait(false);
                var ended = Stopwatch.GetTimestamp();
                if (!window.Contains(ended))
                {
                    continue;
                }

                if (status == 200)
                {
                    stats.RecordSuccess(ended - started, bytes);
                }
                else
                {
                    stats.RecordError(status.ToString(System.Globalization.CultureInfo.InvariantCulture), errorBody);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Cut off at the end of the window: neither answered nor failed.
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                if (window.Contains(Stopwatch.GetTimestamp()))
                {
                    stats.RecordError(RequestSender.Classify(ex), ex.Message);
                }
            }
        }

        return stats;
    }
}
