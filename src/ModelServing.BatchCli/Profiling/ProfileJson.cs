using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelServing.BatchCli.Profiling;

/// <summary>The report of <c>--json</c>: one JSON document on stdout.</summary>
internal static class ProfileJson
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static string Write(ProfileReport report, ProfileSettings settings, string samples, string? written)
    {
        var result = report.Result;
        var document = new JsonObject
        {
            ["model"] = settings.Model,
            ["target"] = report.Target.P99 is { } p99 ? new JsonObject { ["p99Milliseconds"] = p99.TotalMilliseconds } : new JsonObject { ["maxThroughput"] = true },
            ["samples"] = samples,
            ["budgetSeconds"] = settings.Budget.TotalSeconds,
            ["elapsedSeconds"] = Math.Round(result.Elapsed.TotalSeconds, 1),
            ["stoppedBy"] = result.StoppedBy,
            ["cores"] = Environment.ProcessorCount,
            ["baseline"] = Config(result.Baseline),
            ["trials"] = new JsonArray([.. result.Points.Select(p => (JsonNode)Point(p, report.Target))]),
            ["paretoFront"] = new JsonArray([.. report.ParetoFront.Select(p => (JsonNode)Point(p, report.Target))]),
            ["recommendation"] = report.Recommended is { } best ? Recommendation(report, best) : null,
            ["inProcessRecommendation"] = report.InProcessBest is { } inProcess ? Point(inProcess, report.Target) : null,
            ["gatewayCheck"] = result.Check is { } check ? Check(check, report) : null,
            ["notes"] = new JsonArray([.. result.Notes.Select(n => (JsonNode)n)]),
            ["written"] = written,
        };
        return document.ToJsonString(s_indented);
    }

    private static JsonObject Config(TrialConfig config) => new()
    {
        ["runtime"] = ConfigSections.Runtime(config),
        ["batching"] = ConfigSections.Batching(config),
    };

    private static JsonObject Point(TrialPoint point, ProfileTarget target) => new()
    {
        ["config"] = Config(point.Config),
        ["concurrency"] = point.Concurrency,
        ["requests"] = point.Requests,
        ["errors"] = point.Errors,
        ["requestsPerSecond"] = Math.Round(point.RequestsPerSecond, 1),
        ["itemsPerSecond"] = Math.Round(point.ItemsPerSecond, 1),
        ["p50Milliseconds"] = Math.Round(point.P50Milliseconds, 3),
        ["p95Milliseconds"] = Math.Round(point.P95Milliseconds, 3),
        ["p99Milliseconds"] = Math.Round(point.P99Milliseconds, 3),
        ["cpuCores"] = Math.Round(point.CpuCores, 2),
        ["peakRssBytes"] = point.PeakRssBytes,
        ["meetsTarget"] = target.IsMet(point),
    };

    private static JsonObject Recommendation(ProfileReport report, TrialPoint best)
    {
        var recommendation = Point(best, report.Target);
        recommendation["recommendedCpu"] = report.Resources!.Cpu;
        recommendation["recommendedMemoryInGB"] = report.Resources.MemoryInGB;
        recommendation["kubernetes"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = report.Resources.CpuQuantity, ["memory"] = report.Resources.MemoryQuantity },
        };
        recommendation["baselineItemsPerSecond"] = report.BaselineBest is { } baseline ? Math.Round(baseline.ItemsPerSecond, 1) : null;
        recommendation["measuredThrough"] = report.MeasuredThrough;
        recommendation["currentConfigIsBest"] = report.CurrentConfigIsBest;
        recommendation["gainRequired"] = report.GainRequired is { } gain ? Math.Round(gain, 3) : null;
        var inProcess = report.Result.Points.Where(p => p.Config == best.Config && report.Target.IsMet(p)).MaxBy(p => p.ItemsPerSecond);
        recommendation["inProcess"] = inProcess is null ? null : Point(inProcess, report.Target);
        return recommendation;
    }

    private static JsonObject Check(GatewayCheckResult check, ProfileReport report) => new()
    {
        ["concurrency"] = new JsonArray([.. check.Concurrency.Select(c => (JsonNode)c)]),
        ["warmupSeconds"] = check.Warmup.TotalSeconds,
        ["windowSeconds"] = check.Window.TotalSeconds,
        ["roundsPlanned"] = check.RoundsPlanned,
        ["reservedSeconds"] = Math.Round(check.Reserved.TotalSeconds, 1),
        ["elapsedSeconds"] = Math.Round(check.Elapsed.TotalSeconds, 1),
        ["stoppedBy"] = check.StoppedBy,
        ["finalists"] = new JsonArray([.. check.Finalists.Select(f => (JsonNode)new JsonObject
        {
            ["config"] = Config(f.Config),
            ["roles"] = new JsonArray([.. f.Roles.Select(r => (JsonNode)r)]),
            ["inProcess"] = f.InProcess is { } point ? Point(point, report.Target) : null,
            ["gateway"] = new JsonArray([.. f.Combined.Select(p => (JsonNode)Point(p, report.Target))]),
            ["rounds"] = new JsonArray([.. f.Rounds.Select(r => (JsonNode)new JsonArray([.. r.Select(p => (JsonNode)Point(p, report.Target))]))]),
            ["best"] = f.Best(report.Target) is { } best ? Point(best, report.Target) : null,
            ["failure"] = f.Failure,
        })]),
    };
}
