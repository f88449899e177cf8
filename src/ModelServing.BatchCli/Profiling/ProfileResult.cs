namespace ModelServing.BatchCli.Profiling;

/// <summary>Everything a profile run measured, and why it stopped.</summary>
/// <param name="Baseline">The settings the model's config.json gives today (gateway defaults where it says nothing).</param>
/// <param name="Points">Every completed trial, in the order run.</param>
/// <param name="StoppedBy"><c>completed</c> (search done), <c>budget</c> (time budget reached) or <c>cancelled</c> (Ctrl+C).</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Notes">Decisions of the search worth reporting (pruned sweeps, skipped stages).</param>
internal sealed record ProfileResult(TrialConfig Baseline, IReadOnlyList<TrialPoint> Points, string StoppedBy, TimeSpan Elapsed, IReadOnlyList<string> Notes);
