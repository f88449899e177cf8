namespace ModelServing.BatchCli.Profiling;

/// <summary>What one trial measured: a configuration under one offered concurrency, over the measurement window.</summary>
/// <param name="Config">The settings the model ran with.</param>
/// <param name="Concurrency">Requests in flight (closed loop: each caller sends its next request when the last one answers).</param>
/// <param name="Requests">Requests answered inside the window.</param>
/// <param name="Errors">Requests that failed inside the window (a full queue, a runtime failure).</param>
/// <param name="RequestsPerSecond">Requests answered per second of the window.</param>
/// <param name="ItemsPerSecond">Items (rows, images) answered per second of the window.</param>
/// <param name="P50Milliseconds">Median latency, from the call into the data plane to its answer.</param>
/// <param name="P95Milliseconds">95th percentile latency.</param>
/// <param name="P99Milliseconds">99th percentile latency.</param>
/// <param name="CpuCores">Process CPU time over the window divided by its wall time (1.0 = one core busy).</param>
/// <param name="PeakRssBytes">The largest resident set of the process sampled during the window.</param>
internal sealed record TrialPoint(
    TrialConfig Config,
    int Concurrency,
    long Requests,
    long Errors,
    double RequestsPerSecond,
    double ItemsPerSecond,
    double P50Milliseconds,
    double P95Milliseconds,
    double P99Milliseconds,
    double CpuCores,
    long PeakRssBytes);
