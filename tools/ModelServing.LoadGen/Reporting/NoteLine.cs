namespace ModelServing.LoadGen.Reporting;

/// <summary>A line the harness writes into the results when something could not be measured (a model failed to load...).</summary>
/// <param name="Mode">Always <c>note</c>.</param>
/// <param name="Labels">The case and batching mode it is about.</param>
/// <param name="Text">What happened.</param>
public sealed record NoteLine(string Mode, IReadOnlyDictionary<string, string> Labels, string Text);
