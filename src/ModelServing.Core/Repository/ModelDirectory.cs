namespace ModelServing.Core.Repository;

/// <summary>A model directory found on disk with its numeric version directories.</summary>
/// <param name="Name">Model name (the directory name).</param>
/// <param name="Path">Absolute path.</param>
/// <param name="Versions">Version numbers and their absolute paths, ascending.</param>
public sealed record ModelDirectory(string Name, string Path, IReadOnlyList<KeyValuePair<long, string>> Versions);
