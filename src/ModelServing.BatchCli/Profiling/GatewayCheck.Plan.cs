using System.Globalization;

namespace ModelServing.BatchCli.Profiling;

/// <summary>Who the finalists are, and how many of them, how many rounds and how long a window fit the time left.</summary>
internal sealed partial class GatewayCheck
{
    /// <summary>Rounds of the check; each point is measured A B C D in one round and D C B A in the next (and the order turns from point to point), so a drift of the machine over time weighs on every finalist alike.</summary>
    public const int Rounds = 2;

    /// <summary>The most finalists taken from the in-process ranking.</summary>
    public const int InProcessFinalists = 3;

    /// <summary>The largest share of the budget held back for the check; the in-process search keeps the rest.</summary>
    public const double MaxShare = 0.6;

    /// <summary>The share of the time left that a plan fills.</summary>
    private const double Slack = 0.9;

    /// <summary>The shortest window the check shortens its windows to before it drops rounds or finalists.</summary>
    private static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    /// <summary>The well-known hand-tuned shape: batch 32, no queue delay, one single-threaded execution per core.</summary>
    public static TrialConfig Canonical => new(32, [], 0, Environment.ProcessorCount, 1);

    /// <summary>The time to hold back for the check before the search starts: a full check of every finalist, at most <see cref="MaxShare"/> of the budget.</summary>
    /// <param name="settings">The run's settings (budget, check window and warm-up, concurrency points).</param>
    /// <param name="startup">The estimated time to start a gateway and load the model.</param>
    public static TimeSpan Reserve(ProfileSettings settings, TimeSpan startup)
    {
        var points = settings.Concurrency?.Count ?? 2;
        var full = Cost(InProcessFinalists + 2, Rounds, points, settings.CheckWarmup, settings.CheckWindow, startup);
        var cap = settings.Budget * MaxShare;
        return full < cap ? full : cap;
    }

    /// <summary>The finalists in priority order: the in-process best, the baseline, the canonical shape, then the next in-process ones; one entry per distinct configuration.</summary>
    /// <param name="points">Every in-process point.</param>
    /// <param name="baseline">The model's config today.</param>
    /// <param name="target">What the run optimizes.</param>
    public static IReadOnlyList<CheckFinalist> Finalists(IReadOnlyList<TrialPoint> points, TrialConfig baseline, ProfileTarget target)
    {
        var ranked = points.Where(target.IsMet).GroupBy(p => p.Config).Select(g => g.MaxBy(p => p.ItemsPerSecond)!)
            .OrderByDescending(p => p.ItemsPerSecond).Take(InProcessFinalists).ToList();
        var ordered = new List<(TrialConfig Config, string Role)>();
        if (ranked.Count > 0)
        {
            ordered.Add((ranked[0].Config, "in-process #1"));
        }

        ordered.Add((baseline, "baseline"));
        ordered.Add((Canonical, "canonical"));
        ordered.AddRange(ranked.Skip(1).Select((p, i) => (p.Config, string.Create(CultureInfo.InvariantCulture, $"in-process #{i + 2}"))));
        return [.. ordered.GroupBy(o => o.Config).Select(g => new CheckFinalist(
            g.Key, [.. g.Select(o => o.Role)], ranked.FirstOrDefault(p => p.Config == g.Key) ?? BestMet(points, g.Key, target), [], null))];
    }

    /// <summary>The offered concurrencies of the check: the caller's (<c>--concurrency</c>), else where the in-process finalists had their best points (at most 3), else 1.</summary>
    public static IReadOnlyList<int> Points(ProfileSettings settings, IReadOnlyList<CheckFinalist> finalists)
    {
        if (settings.Concurrency is { Count: > 0 } given)
        {
            return given;
        }

        var operating = finalists.Where(f => f.InProcess is not null).Select(f => f.InProcess!.Concurrency).Distinct().Order().Take(3).ToList();
        return operating.Count > 0 ? operating : [1];
    }

    /// <summary>How many finalists (a prefix of the priority order), rounds and window fit <paramref name="available"/>; null when not even one round of two does.</summary>
    /// <remarks>
    /// In order: every finalist in two rounds; fewer in-process runners-up; the first three (in-process best, baseline,
    /// canonical) with shorter windows down to 1 s; one round; the first two in one round.
    /// </remarks>
    public static (int Finalists, int Rounds, TimeSpan Window)? Fit(int finalists, int points, TimeSpan warmup, TimeSpan window, TimeSpan startup, TimeSpan available)
    {
        // A gateway start may take longer than the first model load did (a busy machine): plan within 90 % of the time.
        available *= Slack;
        for (var n = finalists; n >= Math.Min(3, finalists); n--)
        {
            if (Cost(n, Rounds, points, warmup, window, startup) <= available)
            {
                return (n, Rounds, window);
            }
        }

        var floor = window < MinWindow ? window : MinWindow;
        foreach (var (n, rounds) in new[] { (Math.Min(3, finalists), Rounds), (Math.Min(3, finalists), 1), (Math.Min(2, finalists), 1) })
        {
            // The window that fills what is left: available = (n x rounds + 1) x (startup + points x (warm-up + window)).
            var fitted = TimeSpan.FromSeconds(Math.Floor(((available.TotalSeconds / ((n * rounds) + 1) - startup.TotalSeconds) / points - warmup.TotalSeconds) * 10) / 10);
            if (fitted >= floor)
            {
                return (n, rounds, fitted < window ? fitted : window);
            }
        }

        return null;
    }

    /// <summary>The time a check takes: a gateway start per finalist and round and one for the process warm-up, then a warm-up and a window per point.</summary>
    public static TimeSpan Cost(int finalists, int rounds, int points, TimeSpan warmup, TimeSpan window, TimeSpan startup) =>
        ((finalists * rounds) + 1) * (startup + (points * (warmup + window)));

    /// <summary>How many finalists to host at once: all of them, unless that would take more than half of <paramref name="availableBytes"/> at <paramref name="footprintBytes"/> each (at least 1).</summary>
    /// <param name="finalists">The finalists to measure.</param>
    /// <param name="footprintBytes">What one gateway with the model took (the warm-up pass's growth); 0 when unknown.</param>
    /// <param name="availableBytes">The memory the process may still use.</param>
    public static int AtOnce(int finalists, long footprintBytes, long availableBytes)
    {
        if (footprintBytes <= 0 || finalists <= 1)
        {
            return Math.Max(1, finalists);
        }

        return (int)Math.Clamp(availableBytes / 2 / footprintBytes, 1, finalists);
    }

    /// <summary>
    /// The finalists with each round cut to the concurrencies that every finalist measured in it, and empty rounds dropped:
    /// a check cut short mid-round must not score a finalist on a point its rivals did not get to.
    /// </summary>
    public static IReadOnlyList<CheckFinalist> Comparable(IReadOnlyList<CheckFinalist> finalists)
    {
        var rounds = finalists.Count == 0 ? 0 : finalists.Max(f => f.Rounds.Count);
        var common = Enumerable.Range(0, rounds).Select(r => finalists
            .Where(f => f.Rounds.Count > r && f.Rounds[r].Count > 0)
            .Select(f => f.Rounds[r].Select(p => p.Concurrency).ToHashSet())
            .Aggregate((HashSet<int>?)null, (all, next) => all is null ? next : [.. all.Intersect(next)]) ?? []).ToList();
        return [.. finalists.Select(f => f with
        {
            Rounds = [.. f.Rounds.Select((points, r) => (IReadOnlyList<TrialPoint>)[.. points.Where(p => common[r].Contains(p.Concurrency))]).Where(points => points.Count > 0)],
        })];
    }

    private static TrialPoint? BestMet(IReadOnlyList<TrialPoint> points, TrialConfig config, ProfileTarget target) =>
        points.Where(p => p.Config == config && target.IsMet(p)).MaxBy(p => p.ItemsPerSecond);
}
