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

        console.Write(Table("Pareto front (throughput vs p99)", report.ParetoFront, report, withConfig: true));
        foreach (var note in result.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        if (report.Recommended is not { } best)
        {
            console.MarkupLine("[yellow]No configuration met the target.[/] Loosen it, give a larger --budget, or look at the Pareto front.");
            return;
        }

        var versus = report.BaselineBest is { } baseline && baseline.ItemsPerSecond > 0
            ? Invariant($" ({best.ItemsPerSecond / baseline.ItemsPerSecond:F2}x the baseline's {baseline.ItemsPerSecond:F0} items/s)")
            : " (the baseline met the target at no concurrency tried)";
        console.MarkupLine(Invariant($"[green]Recommended[/]: {Markup.Escape(best.Config.ToString())}: {best.ItemsPerSecond:F0} items/s at concurrency {best.Concurrency}, p99 {best.P99Milliseconds:F2} ms{versus}"));
        console.MarkupLine($"  config.json: \"runtime\": {Markup.Escape(ConfigSections.Inline(ConfigSections.Runtime(best.Config)))}, \"batching\": {Markup.Escape(ConfigSections.Inline(ConfigSections.Batching(best.Config)))}");
        console.MarkupLine(Invariant($"  Kubernetes: requests cpu {report.Resources!.CpuQuantity}, memory {report.Resources.MemoryQuantity} (recommendedCpu {report.Resources.Cpu}, recommendedMemoryInGB {report.Resources.MemoryInGB}; measured x{ProfileReport.Headroom})"));
        console.MarkupLine(written is null ? "  Apply it with --write." : $"  Written to {Markup.Escape(written)}; a gateway on this repository reloads the model at its next poll.");
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
