namespace ModelServing.Core.Configuration;

/// <summary>One problem found in a config file.</summary>
/// <param name="File">The file, relative to the model repository root (never an absolute path).</param>
/// <param name="Field">JSON path of the field (<c>versionPolicy.latest.numVersions</c>), or empty for the whole file.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ConfigError(string File, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Field.Length == 0 ? $"{File}: {Message}" : $"{File}: {Field}: {Message}";
}
