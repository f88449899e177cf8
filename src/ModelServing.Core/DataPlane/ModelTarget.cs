namespace ModelServing.Core.DataPlane;

/// <summary>What a call is aimed at: a model and which of its versions.</summary>
/// <param name="Name">The model name.</param>
/// <param name="Selector">The version: latest AVAILABLE, a number or a label.</param>
public readonly record struct ModelTarget(string Name, VersionSelector Selector);
