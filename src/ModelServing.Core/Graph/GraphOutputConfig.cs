namespace ModelServing.Core.Graph;

/// <summary>One public output of a composed model.</summary>
/// <param name="Name">The name clients see.</param>
/// <param name="From">The step output it is.</param>
public sealed record GraphOutputConfig(string Name, GraphReference From);
