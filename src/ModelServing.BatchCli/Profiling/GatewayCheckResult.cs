namespace ModelServing.BatchCli.Profiling;

/// <summary>What the gateway check measured: the finalists through the real gateway, in interleaved rounds.</summary>
/// <param name="Concurrency">The offered concurrencies every finalist was driven at.</param>
/// <param name="Warmup">Unmeasured warm-up of each point.</param>
/// <param name="Window">Measured window of each point.</param>
/// <param name="RoundsPlanned">Rounds planned (2: A B C, then C B A; 1 when the budget left no room for two).</param>
/// <param name="Reserved">The part of the budget held back for the check before the in-process search started.</param>
/// <param name="Elapsed">Wall time of the check.</param>
/// <param name="StoppedBy"><c>completed</c>, <c>budget</c> or <c>cancelled</c>.</param>
/// <param name="Finalists">The finalists, in the order of the first round.</param>
/// <param name="Notes">How the plan was fitted into the budget, and finalists that could not load.</param>
internal sealed record GatewayCheckResult(
    IReadOnlyList<int> Concurrency,
    TimeSpan Warmup,
    TimeSpan Window,
    int RoundsPlanned,
    TimeSpan Reserved,
    TimeSpan Elapsed,
    string StoppedBy,
    IReadOnlyList<CheckFinalist> Finalists,
    IReadOnlyList<string> Notes);
