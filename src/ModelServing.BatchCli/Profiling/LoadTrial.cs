using System.Diagnostics;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;

namespace ModelServing.BatchCli.Profiling;

/// <summary>
/// One measurement: <c>concurrency</c> callers in a closed loop, a warm-up, then a measured window; either through the data
/// plane (serving function, batcher, ONNX Runtime: what the gateway runs after it has decoded a request) or through any
/// sender (the gateway check posts over HTTP).
/// </summary>
/// <remarks>
/// Requests answered inside the window count, with their latency from the call to its answer; CPU is the process's CPU time
/// over the window (the callers included: next to a model run they cost little in process, more over HTTP), RSS is sampled
/// every 50 ms. Cancellation stops the trial at once with <see cref="OperationCanceledException"/>.
/// </remarks>
internal static class LoadTrial
{
    private static readonly TimeSpan RssSampling = TimeSpan.FromMilliseconds(50);

    /// <summary>Measures through the data plane of <paramref name="inference"/>.</summary>
    public static Task<TrialPoint> RunAsync(
        InferenceService inference, string model, SampleSet samples, TrialConfig config, int concurrency, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken) =>
        RunAsync(
            async (index, token) =>
            {
                try
                {
                    using var lease = inference.Acquire(model, VersionSelector.Latest);
                    await inference.InferAsync(lease, samples.Requests[index], null, token).ConfigureAwait(false);
                    return true;
                }
                catch (ServingException) when (!token.IsCancellationRequested)
                {
                    return false;
                }
            },
            samples,
            config,
            concurrency,
            warmup,
            window,
            cancellationToken);

    /// <summary>Measures with <paramref name="send"/>: it sends request <c>index</c> of <paramref name="samples"/> and says whether it was answered.</summary>
    public static async Task<TrialPoint> RunAsync(
        Func<int, CancellationToken, Task<bool>> send, SampleSet samples, TrialConfig config, int concurrency, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        var measureStart = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureEnd = measureStart + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var monitor = Task.Run(() => MonitorAsync(measureStart, measureEnd, cancellationToken), cancellationToken);
        var workers = Enumerable.Range(0, concurrency)
            .Select(worker => Task.Run(() => CallerAsync(send, samples, worker, measureStart, measureEnd, cancellationToken), cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        var (cpuCores, peakRss) = await monitor.ConfigureAwait(false);

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var items = results.Sum(r => r.Items);
        var errors = results.Sum(r => r.Errors);
        var seconds = window.TotalSeconds;
        return new TrialPoint(
            config,
            concurrency,
            latencies.Length,
            errors,
            latencies.Length / seconds,
            items / seconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            Percentile(latencies, 0.99),
            cpuCores,
            peakRss);
    }

    private static async Task<CallerResult> CallerAsync(
        Func<int, CancellationToken, Task<bool>> send, SampleSet samples, int worker, long measureStart, long measureEnd, CancellationToken cancellationToken)
    {
        var result = new CallerResult();
        for (var next = worker; ; next++)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= measureEnd)
            {
                return result;
            }

            var index = next % samples.Requests.Count;
            var failed = !await send(index, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var end = Stopwatch.GetTimestamp();
            if (end < measureStart || end > measureEnd)
            {
                continue;
            }

            if (failed)
            {
                result.Errors++;
            }
            else
            {
                result.Latencies.Add(end - start);
                result.Items += SampleSet.ItemsOf(samples.Requests[index]);
            }
        }
    }

    private static async Task<(double CpuCores, long PeakRss)> MonitorAsync(long measureStart, long measureEnd, CancellationToken cancellationToken)
    {
        await Task.Delay(NotNegative(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureStart)), cancellationToken).ConfigureAwait(false);
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var wallStart = Stopwatch.GetTimestamp();
        var peak = Environment.WorkingSet;
        while (Stopwatch.GetTimestamp() < measureEnd)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureEnd);
            await Task.Delay(NotNegative(remaining < RssSampling ? remaining : RssSampling), cancellationToken).ConfigureAwait(false);
            peak = Math.Max(peak, Environment.WorkingSet);
        }

        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;
        var wall = Stopwatch.GetElapsedTime(wallStart);
        return (wall > TimeSpan.Zero ? cpu / wall : 0, peak);
    }

    private static TimeSpan NotNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    /// <summary>The nearest-rank percentile in milliseconds of sorted stopwatch ticks; 0 when there are none.</summary>
    public static double Percentile(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(quantile * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(rank, 0, sortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    private sealed class CallerResult
    {
        public List<long> Latencies { get; } = [];

        public long Items { get; set; }

        public long Errors { get; set; }
    }
}
