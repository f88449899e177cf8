namespace ModelServing.BatchCli.Profiling;

/// <summary>A configuration the gateway check measured, why it was chosen, and what it measured.</summary>
/// <param name="Config">The settings.</param>
/// <param name="Roles">Why it is a finalist: <c>in-process #1</c>..., <c>baseline</c> (config.json today), <c>canonical</c> (batch 32, no delay, one single-threaded execution per core).</param>
/// <param name="InProcess">Its best in-process point meeting the target; null when it was not measured in process or met it nowhere.</param>
/// <param name="Rounds">What each round measured through the gateway, one point per offered concurrency (a round cut short has fewer).</param>
/// <param name="Failure">Why it could not be measured (the model did not load with it); null when it was.</param>
internal sealed record CheckFinalist(TrialConfig Config, IReadOnlyList<string> Roles, TrialPoint? InProcess, IReadOnlyList<IReadOnlyList<TrialPoint>> Rounds, string? Failure)
{
    /// <summary>Per offered concurrency, the mean of the rounds that measured it (throughput, latencies, CPU; errors and requests summed, RSS the peak).</summary>
    public IReadOnlyList<TrialPoint> Combined => [.. Rounds.SelectMany(r => r).GroupBy(p => p.Concurrency).OrderBy(g => g.Key).Select(Mean)];

    /// <summary>The combined point meeting <paramref name="target"/> with the most throughput; null when none does.</summary>
    public TrialPoint? Best(ProfileTarget target) => Combined.Where(target.IsMet).MaxBy(p => p.ItemsPerSecond);

    /// <summary>Per round, the most items/s of a point meeting <paramref name="target"/>; null for a round where none did.</summary>
    public IReadOnlyList<double?> RoundScores(ProfileTarget target) =>
        [.. Rounds.Select(r => r.Where(target.IsMet).Select(p => (double?)p.ItemsPerSecond).Max())];

    /// <summary>Per round, the items/s at <paramref name="concurrency"/>; null for a round that did not measure it or had errors there.</summary>
    public IReadOnlyList<double?> RoundsAt(int concurrency) =>
        [.. Rounds.Select(r => r.FirstOrDefault(p => p.Concurrency == concurrency && p.Errors == 0)?.ItemsPerSecond)];

    /// <summary>
    /// Whether this finalist beats <paramref name="other"/> clearly enough to replace it: its best combined point has at
    /// least <paramref name="gain"/> times the other's items/s, and it scored higher in every round both were measured in
    /// (a round where the other met the target nowhere counts as a win). The second condition keeps a finalist that had a
    /// lucky round, or a lucky place in the order, from winning on the mean alone.
    /// </summary>
    public bool Beats(CheckFinalist other, ProfileTarget target, double gain)
    {
        if (Best(target) is not { } mine)
        {
            return false;
        }

        if (other.Best(target) is not { } theirs)
        {
            return true;
        }

        if (mine.ItemsPerSecond < theirs.ItemsPerSecond * gain)
        {
            return false;
        }

        var ours = RoundScores(target);
        var others = other.RoundScores(target);
        return ours.Zip(others).All(pair => pair.First is { } a && (pair.Second is not { } b || a > b));
    }

    private static TrialPoint Mean(IEnumerable<TrialPoint> rounds)
    {
        var points = rounds.ToList();
        return new TrialPoint(
            points[0].Config,
            points[0].Concurrency,
            points.Sum(p => p.Requests),
            points.Sum(p => p.Errors),
            points.Average(p => p.RequestsPerSecond),
            points.Average(p => p.ItemsPerSecond),
            points.Average(p => p.P50Milliseconds),
            points.Average(p => p.P95Milliseconds),
            points.Average(p => p.P99Milliseconds),
            points.Average(p => p.CpuCores),
            points.Max(p => p.PeakRssBytes));
    }
}
