using ModelServing.LoadGen.Measurement;

namespace ModelServing.LoadGen.Http;

/// <summary>The result of one closed- or open-loop run against a URL.</summary>
/// <param name="Mode"><c>closed</c> or <c>open</c>.</param>
/// <param name="Url">The URL driven.</param>
/// <param name="Labels">Free <c>key=value</c> tags given on the command line (model, case, batching...).</param>
/// <param name="Concurrency">Workers (closed loop), or null.</param>
/// <param name="TargetRate">Requests per second scheduled (open loop), or null.</param>
/// <param name="DurationSeconds">Length of the measured window.</param>
/// <param name="WarmupSeconds">Load sent before the window and not measured.</param>
/// <param name="ItemsPerRequest">Instances in each request.</param>
/// <param name="Requests">Requests answered 200 in the window.</param>
/// <param name="ErrorCount">Requests that failed in the window (any status but 200, transport errors, timeouts).</param>
/// <param name="Errors">Failures by kind: the HTTP status code, or a transport error name.</param>
/// <param name="Dropped">Open loop: scheduled requests not sent because the in-flight bound was reached; null otherwise.</param>
/// <param name="RequestsPerSecond">Answered requests per second of window.</param>
/// <param name="ItemsPerSecond">Answered items per second of window.</param>
/// <param name="Latency">Latency of answered requests (open loop: from the scheduled send time).</param>
/// <param name="MeanResponseBytes">Mean size of a 200 response body.</param>
/// <param name="LoadGenCpuSeconds">CPU time this load generator used in the window.</param>
/// <param name="LoadGenCpuPercent">That time as a percentage of one core.</param>
/// <param name="Server">What the server process did in the window, when its process id was given.</param>
/// <param name="ErrorSample">The start of the first error seen, or null.</param>
/// <param name="SendLag">
/// Open loop: how late requests were sent after their scheduled time. Large values mean the load generator, not the server,
/// fell behind (its latencies still count from the schedule). Null for the closed loop.
/// </param>
public sealed record HttpLoadReport(
    string Mode,
    string Url,
    IReadOnlyDictionary<string, string> Labels,
    int? Concurrency,
    double? TargetRate,
    double DurationSeconds,
    double WarmupSeconds,
    int ItemsPerRequest,
    long Requests,
    long ErrorCount,
    IReadOnlyDictionary<string, long> Errors,
    long? Dropped,
    double RequestsPerSecond,
    double ItemsPerSecond,
    LatencySummary Latency,
    long MeanResponseBytes,
    double LoadGenCpuSeconds,
    double LoadGenCpuPercent,
    ServerUsage? Server,
    string? ErrorSample,
    LatencySummary? SendLag);
