using ModelServing.LoadGen.Http;

namespace ModelServing.LoadGen.Reporting;

/// <summary>Medians and spreads over the rounds of a harness run, and the best point of a round that meets a p99 target.</summary>
internal static class RoundStats
{
    /// <summary>The round of a run (label <c>round</c>), 1 when it has none.</summary>
    public static int RoundOf(HttpLoadReport run) =>
        int.TryParse(ResultSet.Label(run, "round"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var round) ? round : 1;

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count); NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The closed-loop sweep point of <paramref name="runs"/> with the most items/s among those without errors whose p99 is within <paramref name="p99Ms"/>; null when none is.</summary>
    public static HttpLoadReport? BestWithin(IEnumerable<HttpLoadReport> runs, double p99Ms) =>
        runs.Where(r => IsSweep(r) && r.ErrorCount == 0 && r.Requests > 0 && r.Latency.P99Ms <= p99Ms).MaxBy(r => r.ItemsPerSecond);

    /// <summary>Whether <paramref name="run"/> is a point of the closed-loop sweep (not open loop, not the steady run).</summary>
    public static bool IsSweep(HttpLoadReport run) => run.Mode == "closed" && ResultSet.Label(run, "kind") != "steady";

    /// <summary>"median (min-max)" of <paramref name="values"/> with <paramref name="format"/>.</summary>
    public static string Spread(IReadOnlyCollection<double> values, Func<double, string> format) =>
        values.Count switch
        {
            0 => "-",
            1 => format(values.First()),
            _ => $"{format(Median(values))} ({format(values.Min())}-{format(values.Max())})",
        };
}
