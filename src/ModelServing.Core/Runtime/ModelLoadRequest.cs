namespace ModelServing.Core.Runtime;

/// <summary>What a runner factory needs to load one model version.</summary>
/// <param name="ModelName">Model name.</param>
/// <param name="Version">Version number.</param>
/// <param name="VersionDirectory">Absolute path of the version directory.</param>
/// <param name="ModelPath">Absolute path of the model file inside it.</param>
/// <param name="Runtime">The model's runtime settings (its config's <c>runtime</c> section).</param>
public sealed record ModelLoadRequest(string ModelName, long Version, string VersionDirectory, string ModelPath, RuntimeConfig Runtime);
