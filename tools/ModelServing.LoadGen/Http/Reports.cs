using ModelServing.LoadGen.Measurement;

namespace ModelServing.LoadGen.Http;

/// <summary>Builds <see cref="HttpLoadReport"/>s from merged worker statistics.</summary>
internal static class Reports
{
    public static HttpLoadReport Create(
        string mode, LoadSettings settings, int? concurrency, double? rate, long? dropped, LoadStats stats, double ownCpuSeconds, ServerUsage? server, LatencyHistogram? sendLag = null)
    {
        var seconds = settings.Duration.TotalSeconds;
        var answered = stats.Latency.Count;
        return new HttpLoadReport(
            mode,
            settings.Url.ToString(),
            settings.Labels,
            concurrency,
            rate,
            seconds,
            settings.Warmup.TotalSeconds,
            settings.Body.Items,
            answered,
            stats.ErrorCount,
            new SortedDictionary<string, long>(stats.Errors, StringComparer.Ordinal),
            dropped,
            Math.Round(answered / seconds, 1),
            Math.Round(answered * settings.Body.Items / seconds, 1),
            LatencySummary.Of(stats.Latency),
            answered == 0 ? 0 : stats.ResponseBytes / answered,
            Math.Round(ownCpuSeconds, 3),
            Math.Round(100 * ownCpuSeconds / seconds, 1),
            server,
            stats.ErrorSample,
            sendLag is null ? null : LatencySummary.Of(sendLag));
    }
}
