namespace ModelServing.BatchCli.Profiling;

/// <summary>Everything a profile run measured, and why it stopped.</summary>
/// <param name="Baseline">The settings the model's config.json gives today (gateway defaults where it says nothing).</param>
/// <param name="Points">Every completed in-process trial, in the order run.</param>
/// <param name="StoppedBy"><c>completed</c> (search and check done), <c>budget</c> (the search's share or the whole budget reached) or <c>cancelled</c> (Ctrl+C).</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Notes">Decisions of the search and check worth reporting (pruned sweeps, skipped stages, a shortened check).</param>
/// <param name="Check">The finalists measured through the gateway; null when the run was cancelled before the check.</param>
internal sealed record ProfileResult(TrialConfig Baseline, IReadOnlyList<TrialPoint> Points, string StoppedBy, TimeSpan Elapsed, IReadOnlyList<string> Notes, GatewayCheckResult? Check = null);
