using System.Text;
using ModelServing.LoadGen.Http;

namespace ModelServing.LoadGen.Reporting;

/// <summary>
/// A run of several rounds (each round measures every mode once, in a rotated order): per case, the median of each point
/// over the rounds with its spread, and the comparison of the modes at per-case p99 targets, round by round.
/// </summary>
internal static partial class MarkdownReport
{
    /// <summary>Modes in the order of the comparison's columns; a ratio column is an earlier mode over a later one.</summary>
    private static readonly string[] s_comparisonOrder = ["profiled", "on", "keep", "off"];

    private static void WriteRoundsCase(StringBuilder text, ResultSet results, string @case)
    {
        var runs = results.Loads.Where(r => (ResultSet.Label(r, "case") ?? r.Url) == @case).ToList();
        var model = runs.Select(r => ResultSet.Label(r, "model")).FirstOrDefault(m => m is not null);
        var limit = results.LimitOf(model);
        text.AppendLine(Format.Invariant($"#### {runs.Select(r => ResultSet.Label(r, "title")).FirstOrDefault(t => t is not null) ?? @case}"));
        text.AppendLine(Format.Invariant(
            $"{(limit is null ? "In-process limit: not measured." : $"In-process limit: {Format.Rate(limit.LimitItemsPerSecond)} items/s.")} Each request: {runs[0].ItemsPerRequest} item(s). Median over the rounds (min-max)."));
        text.AppendLine();
        text.AppendLine("| load | batching | rounds | items/s | p50 ms | p99 ms | errors | gateway CPU % | loadgen CPU % |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var groups = runs
            .Where(r => ResultSet.Label(r, "kind") != "steady")
            .GroupBy(r => (Open: r.Mode == "open", Concurrency: r.Concurrency ?? 0, Batching: ResultSet.Label(r, "batching") ?? "keep"))
            .OrderBy(g => g.Key.Open).ThenBy(g => g.Key.Concurrency).ThenBy(g => ModeRank(g.Key.Batching));
        foreach (var group in groups)
        {
            var points = group.ToList();
            var load = group.Key.Open
                ? Format.Invariant($"open {Format.Rate(RoundStats.Median(points.Select(p => p.TargetRate ?? 0)))} req/s")
                : Format.Invariant($"c={group.Key.Concurrency}");
            var errors = points.Sum(p => p.ErrorCount + (p.Dropped ?? 0));
            var cpu = points.Where(p => p.Server?.CpuPercent is not null).Select(p => p.Server!.CpuPercent!.Value).ToList();
            text.AppendLine(Format.Invariant(
                $"| {load} | {group.Key.Batching} | {points.Count} | {RoundStats.Spread([.. points.Select(p => p.ItemsPerSecond)], Format.Rate)} | {Format.Ms(RoundStats.Median(points.Select(p => p.Latency.P50Ms)))} | {RoundStats.Spread([.. points.Select(p => p.Latency.P99Ms)], Format.Ms)} | {errors} | {(cpu.Count == 0 ? "" : Format.Percent(RoundStats.Median(cpu)))} | {Format.Percent(RoundStats.Median(points.Select(p => p.LoadGenCpuPercent)))} |"));
        }

        text.AppendLine();
        foreach (var note in results.Notes.Where(n => n.Labels.GetValueOrDefault("case") == @case))
        {
            text.AppendLine(Format.Invariant($"Note (batching {note.Labels.GetValueOrDefault("batching", "-")}): {note.Text}")).AppendLine();
        }
    }

    private static void WriteComparison(StringBuilder text, ResultSet results, IReadOnlyDictionary<string, double> p99Targets)
    {
        var sweep = results.Loads.Where(RoundStats.IsSweep).ToList();
        var modes = sweep.Select(r => ResultSet.Label(r, "batching") ?? "keep").Distinct().OrderBy(ModeRank).ToList();
        var cases = sweep.Select(r => ResultSet.Label(r, "case")).Where(c => c is not null && p99Targets.ContainsKey(c)).Distinct().ToList();
        if (cases.Count == 0)
        {
            return;
        }

        var pairs = modes.SelectMany((a, i) => modes.Skip(i + 1).Select(b => (A: a, B: b))).ToList();
        var rounds = sweep.Select(RoundStats.RoundOf).Distinct().Count();
        text.AppendLine(Format.Invariant(
            $"Comparison at the p99 targets ({rounds} round(s)): in each round, a mode's best closed-loop items/s at a point with no errors and p99 within the case's target (0 when no point meets it); the median over the rounds (min-max) and the point it came from most often; then, per pair of modes, the ratio round by round (the same round's figures), its median (min-max) and the rounds in which the first mode scored at least the second."));
        text.AppendLine();
        text.AppendLine($"| case (p99 target) | {string.Join(" | ", modes)} | {string.Join(" | ", pairs.Select(p => $"{p.A} / {p.B}"))} |");
        text.AppendLine($"|---|{string.Concat(Enumerable.Repeat("---|", modes.Count + pairs.Count))}");
        foreach (var @case in cases)
        {
            var target = p99Targets[@case!];
            var best = new Dictionary<(string Mode, int Round), HttpLoadReport?>();
            foreach (var group in sweep.Where(r => ResultSet.Label(r, "case") == @case).GroupBy(r => (ResultSet.Label(r, "batching") ?? "keep", RoundStats.RoundOf(r))))
            {
                best[group.Key] = RoundStats.BestWithin(group, target);
            }

            var cells = modes.Select(mode => ModeCell(best.Where(b => b.Key.Mode == mode).Select(b => b.Value).ToList(), best.Any(b => b.Key.Mode == mode)));
            var ratios = pairs.Select(pair => RatioCell(best, pair.A, pair.B));
            text.AppendLine(Format.Invariant($"| {@case} (p99 <= {Format.Ms(target)} ms) | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} |"));
        }

        text.AppendLine();
    }

    private static string ModeCell(List<HttpLoadReport?> perRound, bool measured)
    {
        if (!measured)
        {
            return "-";
        }

        var figures = perRound.Select(p => p?.ItemsPerSecond ?? 0).ToList();
        var point = perRound.Where(p => p is not null).GroupBy(p => p!.Concurrency).OrderByDescending(g => g.Count()).FirstOrDefault();
        var met = perRound.Count(p => p is not null);
        var where = point is null ? "no point met it" : Format.Invariant($"c={point.Key}");
        var missed = met < perRound.Count ? Format.Invariant($", met in {met} of {perRound.Count}") : "";
        return Format.Invariant($"{RoundStats.Spread(figures, Format.Rate)}, {where}{missed}");
    }

    private static string RatioCell(Dictionary<(string Mode, int Round), HttpLoadReport?> best, string a, string b)
    {
        var ratios = new List<double>();
        foreach (var ((mode, round), numerator) in best.Where(e => e.Key.Mode == a))
        {
            if (best.TryGetValue((b, round), out var denominator) && denominator is { ItemsPerSecond: > 0 })
            {
                ratios.Add((numerator?.ItemsPerSecond ?? 0) / denominator.ItemsPerSecond);
            }
        }

        return ratios.Count == 0
            ? "-"
            : Format.Invariant($"{RoundStats.Spread(ratios, Format.Ratio)}, >= in {ratios.Count(r => r >= 1)} of {ratios.Count}");
    }

    private static int ModeRank(string mode)
    {
        var index = Array.IndexOf(s_comparisonOrder, mode);
        return index < 0 ? s_comparisonOrder.Length : index;
    }
}
