namespace ModelServing.BatchCli.Profiling;

/// <summary>The conclusions drawn from a <see cref="ProfileResult"/>: the Pareto front, the recommendation and what to request in Kubernetes.</summary>
/// <param name="Result">What was measured.</param>
/// <param name="Target">What the run optimized.</param>
/// <param name="ParetoFront">In-process points no other point beats on both throughput and p99, by p99.</param>
/// <param name="Recommended">The recommended point: through the gateway when the check measured any finalist (the mean of its rounds; another config replaces the baseline only when it beats it by <paramref name="GainRequired"/> and in every round), else in process; null when none met the target.</param>
/// <param name="BaselineBest">The baseline configuration's best point meeting the target, measured the same way, for comparison; null when none.</param>
/// <param name="Resources">CPU and memory to request for the recommended point; null without a recommendation.</param>
/// <param name="MeasuredThrough"><c>gateway</c> or <c>in-process</c>: how <see cref="Recommended"/> and <see cref="BaselineBest"/> were measured.</param>
/// <param name="InProcessBest">The in-process point meeting the target with the most throughput (the search's own choice); null when none met it.</param>
/// <param name="GainRequired">
/// The factor over the baseline's throughput through the gateway another config needed to replace it (<see cref="GainNeeded"/>,
/// or more when the check's own noise was larger: <see cref="GainFor"/>); null when the check did not decide.
/// </param>
internal sealed record ProfileReport(
    ProfileResult Result,
    ProfileTarget Target,
    IReadOnlyList<TrialPoint> ParetoFront,
    TrialPoint? Recommended,
    TrialPoint? BaselineBest,
    ResourceRequest? Resources,
    string MeasuredThrough = "in-process",
    TrialPoint? InProcessBest = null,
    double? GainRequired = null)
{
    /// <summary>Headroom over the measured CPU and memory (run-to-run spread; in process, also the HTTP and JSON work it leaves out).</summary>
    public const double Headroom = 1.2;

    /// <summary>The least gain through the gateway another finalist needs to replace the current config (less is within run-to-run noise); it must also win every round.</summary>
    public const double GainNeeded = 1.03;

    /// <summary>Whether the recommendation is the model's config today.</summary>
    public bool CurrentConfigIsBest => Recommended is { } best && best.Config == Result.Baseline;

    /// <summary>Draws the conclusions.</summary>
    public static ProfileReport From(ProfileResult result, ProfileTarget target)
    {
        var met = result.Points.Where(target.IsMet).ToList();
        var inProcess = met.MaxBy(p => p.ItemsPerSecond);
        var front = ParetoFrontOf(result.Points);
        if (result.Check is { } check && check.Finalists.Any(f => f.Rounds.Count > 0))
        {
            // The baseline stays unless another finalist beats it by the gain required on the mean and in every round; of those, the fastest.
            var current = check.Finalists.FirstOrDefault(f => f.Config == result.Baseline && f.Best(target) is not null);
            var baseline = current?.Best(target);
            double? gain = baseline is null ? null : GainFor([.. check.Finalists.Where(f => f.Rounds.Count > 0).Select(f => f.RoundsAt(baseline.Concurrency))]);
            var challengers = check.Finalists.Where(f => f.Config != result.Baseline && (current is null || f.Beats(current, target, gain!.Value)));
            var recommended = challengers.Select(f => f.Best(target)).OfType<TrialPoint>().MaxBy(p => p.ItemsPerSecond) ?? baseline;
            return new ProfileReport(result, target, front, recommended, baseline, recommended is null ? null : ResourceRequest.For(recommended), "gateway", inProcess, gain);
        }

        var baselineBest = met.Where(p => p.Config == result.Baseline).MaxBy(p => p.ItemsPerSecond);
        return new ProfileReport(result, target, front, inProcess, baselineBest, inProcess is null ? null : ResourceRequest.For(inProcess), "in-process", inProcess);
    }

    /// <summary>
    /// The gain another config needs over the baseline: <see cref="GainNeeded"/>, or the check's own noise in a comparison of
    /// two finalists' means, at the one-sided 95 % level of Student's t, when that is larger.
    /// </summary>
    /// <remarks>
    /// The noise is the residual spread of the finalists' log items/s at the baseline's best concurrency once each finalist's
    /// level and each round's level are taken out (two-way, one figure per cell): sigma = sqrt(sum of squared residuals /
    /// ((finalists - 1) x (rounds - 1))), and the bar is exp(t x sigma x sqrt(2 / rounds)), t the 95 % quantile of Student's
    /// t with that many degrees of freedom (6.3 for one, 2.1 for four: few figures say little about the noise). Every finalist is measured in
    /// every round, point by point, so a drift of the machine between rounds moves them all alike and is a round level,
    /// not noise; what is left is how far two measurements seconds apart disagree. Throughput at one concurrency, not the
    /// round's best point within the target: a finalist whose best point falls to a lower concurrency in one round (its p99
    /// crossed the target) is a real difference, not noise. Finalists without a figure in every round are left out; with
    /// fewer than two finalists or two rounds, <see cref="GainNeeded"/>.
    /// </remarks>
    /// <param name="scores">Per finalist, its items/s in each round at one concurrency (<see cref="CheckFinalist.RoundsAt"/>).</param>
    public static double GainFor(IReadOnlyList<IReadOnlyList<double?>> scores)
    {
        var rows = scores.Where(r => r.Count >= 2 && r.All(v => v is > 0)).ToList();
        if (rows.Count < 2)
        {
            return GainNeeded;
        }

        var rounds = rows.Min(r => r.Count);
        var logs = rows.Select(r => r.Take(rounds).Select(v => Math.Log(v!.Value)).ToArray()).ToArray();
        var grand = logs.Average(r => r.Average());
        var roundMeans = Enumerable.Range(0, rounds).Select(j => logs.Average(r => r[j])).ToArray();
        var squares = logs.Sum(r =>
        {
            var mean = r.Average();
            return r.Select((x, j) => Math.Pow(x - mean - roundMeans[j] + grand, 2)).Sum();
        });
        var freedom = (rows.Count - 1) * (rounds - 1);
        var sigma = Math.Sqrt(squares / freedom);
        return Math.Max(GainNeeded, Math.Exp(StudentT95(freedom) * sigma * Math.Sqrt(2.0 / rounds)));
    }

    /// <summary>The one-sided 95 % quantile of Student's t with <paramref name="freedom"/> degrees of freedom (beyond 10, within 0.5 % above it).</summary>
    public static double StudentT95(int freedom) => freedom switch
    {
        < 1 => throw new ArgumentOutOfRangeException(nameof(freedom), freedom, "at least 1"),
        <= 10 => s_studentT95[freedom - 1],
        _ => 1.645 + (1.7 / freedom),
    };

    private static readonly double[] s_studentT95 = [6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812];

    /// <summary>The points without errors that no other such point dominates (at least the throughput at no more p99, one of them strictly), by p99.</summary>
    public static IReadOnlyList<TrialPoint> ParetoFrontOf(IReadOnlyList<TrialPoint> points)
    {
        var clean = points.Where(p => p.Errors == 0 && p.Requests > 0).ToList();
        return [.. clean
            .Where(p => !clean.Any(q => q.ItemsPerSecond >= p.ItemsPerSecond && q.P99Milliseconds <= p.P99Milliseconds
                && (q.ItemsPerSecond > p.ItemsPerSecond || q.P99Milliseconds < p.P99Milliseconds)))
            .OrderBy(p => p.P99Milliseconds)];
    }
}

/// <summary>What to request in Kubernetes for a measured point (AzureML's <c>recommendedCpu</c> and <c>recommendedMemoryInGB</c>).</summary>
/// <param name="Cpu">Cores: the measured CPU with headroom, rounded up to a quarter core, at most the cores of the machine measured.</param>
/// <param name="MemoryInGB">Gigabytes: the peak RSS with headroom, rounded up to 0.1 GB.</param>
internal sealed record ResourceRequest(double Cpu, double MemoryInGB)
{
    /// <summary>The request for <paramref name="point"/>, with <see cref="ProfileReport.Headroom"/>.</summary>
    /// <param name="point">The measured point.</param>
    /// <param name="cores">
    /// The cores of the machine measured (default: this one's). A point that kept them all busy gets them all, not more:
    /// the headroom over a saturated machine would be a guess, and the gateway check's CPU includes its own HTTP client.
    /// </param>
    public static ResourceRequest For(TrialPoint point, int? cores = null) => new(
        Math.Min(
            Math.Max(0.25, Math.Ceiling(point.CpuCores * ProfileReport.Headroom * 4) / 4),
            Math.Max(1, cores ?? Environment.ProcessorCount)),
        Math.Max(0.1, Math.Ceiling(point.PeakRssBytes * ProfileReport.Headroom / 1e8) / 10));

    /// <summary>The Kubernetes quantity for the CPU request (<c>1250m</c>).</summary>
    public string CpuQuantity => $"{(int)Math.Round(Cpu * 1000)}m";

    /// <summary>The Kubernetes quantity for the memory request (<c>512Mi</c>).</summary>
    public string MemoryQuantity => $"{(int)Math.Ceiling(MemoryInGB * 1e9 / (1 << 20))}Mi";
}
