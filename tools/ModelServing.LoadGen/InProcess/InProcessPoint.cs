using ModelServing.LoadGen.Measurement;

namespace ModelServing.LoadGen.InProcess;

/// <summary>Throughput of one in-process configuration.</summary>
/// <param name="Batch">Items per call.</param>
/// <param name="Parallel">Callers running at once.</param>
/// <param name="Calls">Calls completed in the measured time.</param>
/// <param name="ItemsPerSecond">Items completed per second.</param>
/// <param name="Latency">Duration of one call.</param>
public sealed record InProcessPoint(int Batch, int Parallel, long Calls, double ItemsPerSecond, LatencySummary Latency);
