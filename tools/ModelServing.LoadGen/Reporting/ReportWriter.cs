using System.Globalization;
using System.Text.Json;
using ModelServing.LoadGen.Http;
using ModelServing.LoadGen.InProcess;

namespace ModelServing.LoadGen.Reporting;

/// <summary>Prints a report as one human line and, on request, one JSON line.</summary>
internal static class ReportWriter
{
    public static void Write(HttpLoadReport report, bool json)
    {
        var load = report.Mode == "closed"
            ? $"closed c={report.Concurrency}"
            : $"open {report.TargetRate?.ToString("F1", CultureInfo.InvariantCulture)} req/s (dropped {report.Dropped})";
        var latency = report.Latency;
        var line = FormattableString.Invariant(
            $"{load} {report.Url}: {report.RequestsPerSecond:F1} req/s, {report.ItemsPerSecond:F1} items/s, p50 {latency.P50Ms} p95 {latency.P95Ms} p99 {latency.P99Ms} max {latency.MaxMs} ms, {report.ErrorCount} errors, loadgen CPU {report.LoadGenCpuPercent}%");
        if (report.Server is { } server)
        {
            line += FormattableString.Invariant($"; server CPU {server.CpuPercent}%");
            if (server.AllocatedBytesPerRequest is { } perRequest)
            {
                line += FormattableString.Invariant($", GCs {server.Gen0Collections}/{server.Gen1Collections}/{server.Gen2Collections}, {perRequest / 1024.0:F1} KB allocated/request");
            }
        }

        if (report.SendLag is { } lag)
        {
            line += FormattableString.Invariant($"; send lag p99 {lag.P99Ms} ms");
        }

        if (report.ErrorSample is { } sample)
        {
            line += $"; first error: {sample}";
        }

        Emit(line, json ? JsonSerializer.Serialize(report, ReportJsonContext.Default.HttpLoadReport) : null);
    }

    public static void Write(InProcessReport report, bool json)
    {
        var best = report.RawBest;
        var line = FormattableString.Invariant(
            $"inprocess {report.Model} v{report.Version} ({report.ExecutionProvider}): raw best {best?.ItemsPerSecond:F1} items/s at batch {best?.Batch} x{best?.Parallel}");
        if (report.ServingFunctionBest is { } function)
        {
            line += FormattableString.Invariant($", serving function {function.ItemsPerSecond:F1} items/s at batch {function.Batch} x{function.Parallel}");
        }

        line += FormattableString.Invariant(
            $", request of {report.RequestItems} item(s) p50 {report.Request.Latency.P50Ms} ms; limit {report.LimitItemsPerSecond:F1} items/s");
        Emit(line, json ? JsonSerializer.Serialize(report, ReportJsonContext.Default.InProcessReport) : null);
    }

    private static void Emit(string line, string? json)
    {
        if (json is null)
        {
            Console.Out.WriteLine(line);
            return;
        }

        Console.Error.WriteLine(line);
        Console.Out.WriteLine(json);
    }
}
