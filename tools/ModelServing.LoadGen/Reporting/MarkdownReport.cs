using System.Text;
using ModelServing.LoadGen.Http;
using ModelServing.LoadGen.InProcess;

namespace ModelServing.LoadGen.Reporting;

/// <summary>Turns the results of a harness run into markdown: in-process limits, one table per case, and the targets.</summary>
internal static partial class MarkdownReport
{
    private static readonly string[] s_batchingOrder = ["on", "off", "keep"];

    /// <summary>The report of <paramref name="results"/>.</summary>
    /// <param name="results">The run's JSON lines.</param>
    /// <param name="queueDelayMicroseconds">The batching queue delay of mode "on", for the c=1 target.</param>
    /// <param name="p99Targets">Per case, the p99 budget in ms at which the modes are compared; none skips the comparison.</param>
    public static string Build(ResultSet results, int queueDelayMicroseconds, IReadOnlyDictionary<string, double> p99Targets)
    {
        var text = new StringBuilder();
        var rounds = results.Loads.Select(RoundStats.RoundOf).Distinct().Count();
        WriteLimits(text, results);
        foreach (var @case in results.Loads.Select(r => ResultSet.Label(r, "case") ?? r.Url).Distinct())
        {
            if (rounds > 1)
            {
                WriteRoundsCase(text, results, @case);
            }
            else
            {
                WriteCase(text, results, @case);
            }
        }

        foreach (var note in results.Notes.Where(n => !n.Labels.ContainsKey("case")))
        {
            text.AppendLine(Format.Invariant($"Note: {note.Text}")).AppendLine();
        }

        WriteComparison(text, results, p99Targets);
        if (rounds > 1)
        {
            // The targets below read single points; over rounds the medians above are the figures to read.
            text.AppendLine(Format.Invariant($"Targets of the batching work: not checked in a run of {rounds} rounds (see the medians above).")).AppendLine();
        }
        else
        {
            WriteTargets(text, results, queueDelayMicroseconds);
        }

        return text.ToString();
    }

    private static void WriteLimits(StringBuilder text, ResultSet results)
    {
        if (results.InProcess.Count == 0)
        {
            return;
        }

        text.AppendLine("In process, no HTTP (same config, session options and serving function as the gateway):").AppendLine();
        text.AppendLine("| model | raw `Run` items/s by batch size, 1 caller | best raw (batch x callers) | best serving function items/s (batch x callers) | limit items/s | one request in process p50 / p99 ms |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var report in results.InProcess)
        {
            var series = string.Join(" · ", report.Raw.Where(p => p.Parallel == 1).Select(p => $"{p.Batch}: {Format.Rate(p.ItemsPerSecond)}"));
            text.AppendLine(Format.Invariant(
                $"| {report.Model} | {series} | {Point(report.RawBest)} | {Point(report.ServingFunctionBest)} | {Format.Rate(report.LimitItemsPerSecond)} | {Format.Ms(report.Request.Latency.P50Ms)} / {Format.Ms(report.Request.Latency.P99Ms)} ({report.RequestItems} item(s)) |"));
        }

        text.AppendLine();
    }

    private static void WriteCase(StringBuilder text, ResultSet results, string @case)
    {
        var runs = results.Loads.Where(r => (ResultSet.Label(r, "case") ?? r.Url) == @case).ToList();
        var model = runs.Select(r => ResultSet.Label(r, "model")).FirstOrDefault(m => m is not null);
        var limit = results.LimitOf(model);
        text.AppendLine(Format.Invariant($"#### {runs.Select(r => ResultSet.Label(r, "title")).FirstOrDefault(t => t is not null) ?? @case}"));
        text.AppendLine(limit is null
            ? "In-process limit: not measured."
            : Format.Invariant($"In-process limit: {Format.Rate(limit.LimitItemsPerSecond)} items/s. Each request: {runs[0].ItemsPerRequest} item(s), `{runs[0].Url}`."));
        text.AppendLine();
        text.AppendLine("| load | batching | req/s | items/s | p50 ms | p95 ms | p99 ms | errors | gateway / limit | on / off | gateway CPU % | loadgen CPU % | KB alloc / req | GCs gen0/1/2 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var ordered = runs
            .OrderBy(r => ResultSet.Label(r, "kind") == "steady" ? 2 : r.Mode == "open" ? 1 : 0)
            .ThenBy(r => r.Concurrency ?? 0)
            .ThenBy(r => Array.IndexOf(s_batchingOrder, ResultSet.Label(r, "batching") ?? "keep"));
        foreach (var run in ordered)
        {
            WriteRow(text, results, run, limit);
        }

        text.AppendLine();
        foreach (var sample in runs.Where(r => r.ErrorSample is not null).Select(r => $"{Load(r)}, batching {ResultSet.Label(r, "batching")}: {r.ErrorSample}").Take(3))
        {
            text.AppendLine(Format.Invariant($"First error ({sample.ReplaceLineEndings(" ")})")).AppendLine();
        }

        foreach (var note in results.Notes.Where(n => n.Labels.GetValueOrDefault("case") == @case))
        {
            text.AppendLine(Format.Invariant($"Note (batching {note.Labels.GetValueOrDefault("batching", "-")}): {note.Text}")).AppendLine();
        }
    }

    private static void WriteRow(StringBuilder text, ResultSet results, HttpLoadReport run, InProcessReport? limit)
    {
        var batching = ResultSet.Label(run, "batching") ?? "keep";
        var versus = "";
        if (run.Mode == "closed" && batching == "on" && ResultSet.Label(run, "kind") != "steady"
            && results.Closed(ResultSet.Label(run, "case")!, "off", run.Concurrency!.Value) is { ItemsPerSecond: > 0 } off)
        {
            versus = Format.Ratio(run.ItemsPerSecond / off.ItemsPerSecond);
        }

        var errors = run.ErrorCount == 0 ? "0" : $"{run.ErrorCount} ({string.Join(", ", run.Errors.Select(e => $"{e.Key}: {e.Value}"))})";
        if (run.Dropped is > 0)
        {
            errors += $", {run.Dropped} dropped";
        }

        var server = run.Server;
        var gcs = server?.Gen0Collections is null ? "" : $"{server.Gen0Collections}/{server.Gen1Collections}/{server.Gen2Collections}";
        var alloc = server?.AllocatedBytesPerRequest is { } bytes ? Format.Kilobytes(bytes) : "";
        var ratio = limit is { LimitItemsPerSecond: > 0 } ? Format.Ratio(run.ItemsPerSecond / limit.LimitItemsPerSecond) : "";
        var latency = run.Latency;
        text.AppendLine(Format.Invariant(
            $"| {Load(run)} | {batching} | {Format.Rate(run.RequestsPerSecond)} | {Format.Rate(run.ItemsPerSecond)} | {Format.Ms(latency.P50Ms)} | {Format.Ms(latency.P95Ms)} | {Format.Ms(latency.P99Ms)} | {errors} | {ratio} | {versus} | {(server?.CpuPercent is { } cpu ? Format.Percent(cpu) : "")} | {Format.Percent(run.LoadGenCpuPercent)} | {alloc} | {gcs} |"));
    }

    private static string Load(HttpLoadReport run) => run.Mode == "open"
        ? Format.Invariant($"open {Format.Rate(run.TargetRate ?? 0)} req/s (send lag p99 {Format.Ms(run.SendLag?.P99Ms ?? 0)} ms)")
        : ResultSet.Label(run, "kind") == "steady"
            ? Format.Invariant($"steady c={run.Concurrency}, {run.DurationSeconds:F0} s")
            : Format.Invariant($"c={run.Concurrency}");

    private static string Point(InProcessPoint? point) =>
        point is null ? "-" : Format.Invariant($"{Format.Rate(point.ItemsPerSecond)} ({point.Batch} x {point.Parallel})");
}
