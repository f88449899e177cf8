using System.Globalization;
using Spectre.Console;

namespace ModelServing.BatchCli.Profiling;

/// <summary>The human-readable report: a table per configuration, the Pareto front and the recommendation.</summary>
internal static class ProfileConsole
{
    public static void Write(IAnsiConsole console, ProfileReport report, string model, string samples, string? written)
    {
        var result = report.Result;
        console.MarkupLine(Invariant($"[bold]{Markup.Escape(model)}[/]: target {Markup.Escape(report.Target.ToString())}; samples {Markup.Escape(samples)}; {result.Points.Count} trials in {result.Elapsed.TotalSeconds:F0} s ({result.StoppedBy}); {Environment.ProcessorCount} cores"));
        foreach (var group in result.Points.GroupBy(p => p.Config))
        {
            console.Write(Table(Markup.Escape(group.Key.ToString() + (group.Key == result.Baseline ? " (baseline: config.json today)" : string.Empty)), group, report));
        }

        console.Write(Table("Pareto front (in process: throughput vs p99)", report.ParetoFront, report, withConfig: true));
        if (result.Check is { Finalists.Count: > 0 } check)
        {
            console.Write(CheckTable(check, report));
        }

        foreach (var note in result.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        var where = report.MeasuredThrough == "gateway" ? "through the gateway" : "in process (not checked through the gateway)";
        if (report.Recommended is not { } best)
        {
            console.MarkupLine($"[yellow]No configuration met the target {Markup.Escape(where)}.[/] Loosen it, give a larger --budget, or look at the Pareto front.");
            return;
        }

        var versus = report.CurrentConfigIsBest
            ? string.Empty
            : report.BaselineBest is { } baseline && baseline.ItemsPerSecond > 0
            ? Invariant($" ({best.ItemsPerSecond / baseline.ItemsPerSecond:F2}x the current config's {baseline.ItemsPerSecond:F0} items/s)")
            : " (the current config met the target at no concurrency tried)";
        if (report.CurrentConfigIsBest)
        {
            console.MarkupLine(Invariant($"[green]The current config is already best[/] {Markup.Escape(where)}: {Markup.Escape(best.Config.ToString())}: {best.ItemsPerSecond:F0} items/s at concurrency {best.Concurrency}, p99 {best.P99Milliseconds:F2} ms"));
            if (report.GainRequired is { } gain)
            {
                console.MarkupLine(Invariant($"  Another config needed {gain:F2}x its items/s ({ProfileReport.GainNeeded:F2}x, or twice the check's own noise if larger) and a win in every round."));
            }
        }
        else
        {
            console.MarkupLine(Invariant($"[green]Recommended[/] {Markup.Escape(where)}: {Markup.Escape(best.Config.ToString())}: {best.ItemsPerSecond:F0} items/s at concurrency {best.Concurrency}, p99 {best.P99Milliseconds:F2} ms{versus}"));
        }

        if (report.MeasuredThrough == "gateway" && report.InProcessBest is { } inProcess)
        {
            console.MarkupLine(Invariant($"  In process the search preferred {Markup.Escape(inProcess.Config.ToString())}: {inProcess.ItemsPerSecond:F0} items/s at concurrency {inProcess.Concurrency}, p99 {inProcess.P99Milliseconds:F2} ms"));
        }

        console.MarkupLine($"  config.json: \"runtime\": {Markup.Escape(ConfigSections.Inline(ConfigSections.Runtime(best.Config)))}, \"batching\": {Markup.Escape(ConfigSections.Inline(ConfigSections.Batching(best.Config)))}");
        console.MarkupLine(Invariant($"  Kubernetes: requests cpu {report.Resources!.CpuQuantity}, memory {report.Resources.MemoryQuantity} (recommendedCpu {report.Resources.Cpu}, recommendedMemoryInGB {report.Resources.MemoryInGB}; measured x{ProfileReport.Headroom})"));
        console.MarkupLine(
            report.CurrentConfigIsBest ? "  config.json needs no change."
            : written is null ? "  Apply it with --write."
            : $"  Written to {Markup.Escape(written)}; a gateway on this repository reloads the model at its next poll.");
    }

    private static Table CheckTable(GatewayCheckResult check, ProfileReport report)
    {
        var rounds = Math.Max(1, check.Finalists.Max(f => f.Rounds.Count));
        var title = Invariant($"Gateway check (REST on loopback, {check.Window.TotalSeconds:0.#} s windows after {check.Warmup.TotalSeconds:0.#} s warm-up, {rounds} round(s); figures are the mean of the rounds)");
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Rounded };
        table.AddColumn("config");
        table.AddColumn("role");
        string[] columns = ["conc.", "in-process items/s", .. Enumerable.Range(1, rounds).Select(r => Invariant($"round {r} items/s")), "items/s", "p50 ms", "p99 ms", "CPU cores", "peak RSS MB", "errors", "target"];
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var finalist in check.Finalists)
        {
            var label = Markup.Escape(finalist.Config.ToString());
            var roles = Markup.Escape(string.Join(", ", finalist.Roles));
            if (finalist.Failure is not null || finalist.Rounds.Count == 0)
            {
                table.AddRow([label, roles, .. columns.Select((_, i) => i == columns.Length - 1 ? (finalist.Failure is null ? "not measured" : "[red]failed[/]") : string.Empty)]);
                continue;
            }

            foreach (var p in finalist.Combined)
            {
                var inProcess = report.Result.Points.FirstOrDefault(q => q.Config == finalist.Config && q.Concurrency == p.Concurrency);
                var perRound = Enumerable.Range(0, rounds).Select(r => r < finalist.Rounds.Count && finalist.Rounds[r].FirstOrDefault(q => q.Concurrency == p.Concurrency) is { } point ? Invariant($"{point.ItemsPerSecond:F0}") : "-");
                table.AddRow(
                [
                    label, roles, Invariant($"{p.Concurrency}"), inProcess is null ? "-" : Invariant($"{inProcess.ItemsPerSecond:F0}"), .. perRound,
                    Invariant($"{p.ItemsPerSecond:F0}"), Invariant($"{p.P50Milliseconds:F2}"), Invariant($"{p.P99Milliseconds:F2}"), Invariant($"{p.CpuCores:F2}"),
                    Invariant($"{p.PeakRssBytes / 1e6:F0}"), Invariant($"{p.Errors}"), report.Target.IsMet(p) ? "[green]met[/]" : "[red]no[/]",
                ]);
            }
        }

        return table;
    }

    private static Table Table(string title, IEnumerable<TrialPoint> points, ProfileReport report, bool withConfig = false)
    {
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        if (withConfig)
        {
            table.AddColumn("config");
        }

        foreach (var column in new[] { "conc.", "req/s", "items/s", "p50 ms", "p95 ms", "p99 ms", "CPU cores", "peak RSS MB", "errors", "target" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var p in points)
        {
            string[] cells =
            [
                Invariant($"{p.Concurrency}"), Invariant($"{p.RequestsPerSecond:F0}"), Invariant($"{p.ItemsPerSecond:F0}"),
                Invariant($"{p.P50Milliseconds:F2}"), Invariant($"{p.P95Milliseconds:F2}"), Invariant($"{p.P99Milliseconds:F2}"),
                Invariant($"{p.CpuCores:F2}"), Invariant($"{p.PeakRssBytes / 1e6:F0}"), Invariant($"{p.Errors}"),
                report.Target.IsMet(p) ? "[green]met[/]" : "[red]no[/]",
            ];
            table.AddRow(withConfig ? [Markup.Escape(p.Config.ToString()), .. cells] : cells);
        }

        return table;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
