namespace ModelServing.LoadGen.Measurement;

/// <summary>Percentiles of a latency histogram, in milliseconds.</summary>
public sealed record LatencySummary(double MeanMs, double P50Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs)
{
    /// <summary>Summarizes <paramref name="histogram"/>.</summary>
    public static LatencySummary Of(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return new(
            Ms(histogram.Mean),
            Ms(histogram.ValueAtPercentile(50)),
            Ms(histogram.ValueAtPercentile(90)),
            Ms(histogram.ValueAtPercentile(95)),
            Ms(histogram.ValueAtPercentile(99)),
            Ms(histogram.ValueAtPercentile(99.9)),
            Ms(histogram.Max));
    }

    private static double Ms(double microseconds) => Math.Round(microseconds / 1000.0, 3);
}
