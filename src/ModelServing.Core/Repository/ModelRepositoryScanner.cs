namespace ModelServing.Core.Repository;

/// <summary>Lists the model and version directories of a model repository root.</summary>
/// <remarks>
/// Layout: <c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/</c>. Hidden directories (leading dot) are skipped, and only
/// directories whose name is a non-negative decimal integer are versions; anything else is ignored, as in TF Serving.
/// </remarks>
public static class ModelRepositoryScanner
{
    /// <summary>Scans the repository described by <paramref name="options"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    public static IReadOnlyList<ModelDirectory> Scan(ModelRepositoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException("The model repository directory does not exist.");
        }

        if (options.RootIsModelDirectory)
        {
            var name = options.SingleModelName ?? Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
            return [new ModelDirectory(name, root, ScanVersions(root))];
        }

        var models = new List<ModelDirectory>();
        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (name.StartsWith('.') || (options.SingleModelName is { } only && name != only))
            {
                continue;
            }

            models.Add(new ModelDirectory(name, directory, ScanVersions(directory)));
        }

        return models;
    }

    /// <summary>Parses a version directory name; null when it is not a version.</summary>
    public static long? ParseVersion(string directoryName)
    {
        if (directoryName.Length is 0 or > 18)
        {
            return null;
        }

        foreach (var c in directoryName)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return long.Parse(directoryName, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<KeyValuePair<long, string>> ScanVersions(string modelDirectory)
    {
        var versions = new List<KeyValuePair<long, string>>();
        foreach (var directory in Directory.EnumerateDirectories(modelDirectory))
        {
            if (ParseVersion(Path.GetFileName(directory)) is { } version)
            {
                versions.Add(new(version, directory));
            }
        }

        versions.Sort((a, b) => a.Key.CompareTo(b.Key));
        return versions;
    }
}
