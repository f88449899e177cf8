using System.Text;
using ModelServing.LoadGen.Http;

namespace ModelServing.LoadGen.Reporting;

/// <summary>The targets of the batching work (issue 4), checked against this run's figures.</summary>
internal static partial class MarkdownReport
{
    private const string Detection = "text-detection";
    private const string Orientation1 = "text-orientation-1";
    private const string Orientation8 = "text-orientation-8";
    private const string Loans = "loans";

    private static void WriteTargets(StringBuilder text, ResultSet results, int queueDelayMicroseconds)
    {
        text.AppendLine("Targets:").AppendLine();
        text.AppendLine("| target | measured | met |");
        text.AppendLine("|---|---|---|");

        var detection = results.Loads
            .Where(r => r.Mode == "closed" && ResultSet.Label(r, "case") == Detection && ResultSet.Label(r, "batching") is "on" or "keep")
            .MaxBy(r => r.ItemsPerSecond);
        Row(text, "text-detection gateway >= 0.9 x in-process limit (best closed-loop point, batching on)", LimitRatio(results, detection), 0.9);
        Row(text, "text-orientation, 1 image/request, c=32: >= 0.8 x limit", LimitRatio(results, Find(results, Orientation1, 32)), 0.8);
        Row(text, "text-orientation, 8 images/request, c=32: >= 0.9 x limit", LimitRatio(results, Find(results, Orientation8, 32)), 0.9);

        var on32 = results.Closed(Orientation1, "on", 32);
        var off32 = results.Closed(Orientation1, "off", 32);
        Row(text, "batching on >= 1.6 x off, text-orientation 1 image/request, c=32",
            on32 is not null && off32 is { ItemsPerSecond: > 0 } ? (on32.ItemsPerSecond / off32.ItemsPerSecond, $"{Format.Rate(on32.ItemsPerSecond)} / {Format.Rate(off32.ItemsPerSecond)} items/s") : null, 1.6);

        var on1 = results.Closed(Orientation1, "on", 1);
        var off1 = results.Closed(Orientation1, "off", 1);
        var delayMs = queueDelayMicroseconds / 1000.0;
        if (on1 is not null && off1 is not null)
        {
            var extra = on1.Latency.P50Ms - off1.Latency.P50Ms;
            text.AppendLine(Format.Invariant(
                $"| batching on at c=1 no slower than off by more than the queue delay ({Format.Ms(delayMs)} ms), p50 | on {Format.Ms(on1.Latency.P50Ms)} ms - off {Format.Ms(off1.Latency.P50Ms)} ms = {extra:F3} ms | {Verdict(extra <= delayMs)} |"));
        }
        else
        {
            NotMeasured(text, "batching on at c=1 no slower than off by more than the queue delay");
        }

        var inProcess = results.LimitOf(Loans);
        foreach (var batching in new[] { "on", "off", "keep" })
        {
            if (results.Closed(Loans, batching, 1) is { } loans && inProcess is not null)
            {
                var gap = loans.Latency.P50Ms - inProcess.Request.Latency.P50Ms;
                text.AppendLine(Format.Invariant(
                    $"| loans c=1, batching {batching}: gateway p50 - in-process p50 <= 0.5 ms | {Format.Ms(loans.Latency.P50Ms)} - {Format.Ms(inProcess.Request.Latency.P50Ms)} = {gap:F3} ms | {Verdict(gap <= 0.5)} |"));
            }
        }

        var steady = results.Loads.LastOrDefault(r => ResultSet.Label(r, "kind") == "steady");
        if (steady?.Server?.Gen2Collections is { } gen2)
        {
            text.AppendLine(Format.Invariant(
                $"| no Gen2 GC in a steady {steady.DurationSeconds:F0} s run ({ResultSet.Label(steady, "case")}, c={steady.Concurrency}, batching {ResultSet.Label(steady, "batching")}); allocated bytes per request | {gen2} Gen2, {steady.Server.Gen0Collections}/{steady.Server.Gen1Collections} gen0/1, {Format.Kilobytes(steady.Server.AllocatedBytesPerRequest ?? 0)} KB/request | {Verdict(gen2 == 0)} |"));
        }
        else
        {
            NotMeasured(text, "no Gen2 GC during a steady run");
        }

        text.AppendLine("| JSON float tensors: parse and write >= 25 M floats/s | BenchmarkDotNet `JsonCodecBenchmarks`, column `M floats/s` | see below |");
        text.AppendLine();
    }

    private static HttpLoadReport? Find(ResultSet results, string @case, int concurrency) =>
        results.Closed(@case, "on", concurrency) ?? results.Closed(@case, "keep", concurrency);

    private static (double Value, string Detail)? LimitRatio(ResultSet results, HttpLoadReport? run)
    {
        if (run is null || results.LimitOf(ResultSet.Label(run, "model")) is not { LimitItemsPerSecond: > 0 } limit)
        {
            return null;
        }

        return (run.ItemsPerSecond / limit.LimitItemsPerSecond,
            Format.Invariant($"{Format.Rate(run.ItemsPerSecond)} items/s at c={run.Concurrency} (batching {ResultSet.Label(run, "batching")}) / {Format.Rate(limit.LimitItemsPerSecond)}"));
    }

    private static void Row(StringBuilder text, string target, (double Value, string Detail)? measured, double threshold)
    {
        if (measured is not { } m)
        {
            NotMeasured(text, target);
            return;
        }

        var verdict = m.Value >= threshold ? "yes" : Format.Invariant($"no, short by {100 * (threshold - m.Value) / threshold:F0} %");
        text.AppendLine(Format.Invariant($"| {target} | {m.Detail} = {Format.Ratio(m.Value)} | {verdict} |"));
    }

    private static void NotMeasured(StringBuilder text, string target) => text.AppendLine($"| {target} | not measured | - |");

    private static string Verdict(bool met) => met ? "yes" : "no";
}
