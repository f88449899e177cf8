namespace ModelServing.Batch;

/// <summary>Keeps paths inside a configured directory (after <c>..</c> and symbolic links are resolved).</summary>
public static class PathConfinement
{
    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or inside it, following symbolic links of existing parts.</summary>
    public static bool IsUnder(string path, string root)
    {
        var resolvedRoot = Resolve(Path.GetFullPath(root), 0).TrimEnd('/');
        var resolved = Resolve(Path.GetFullPath(path), 0);
        return resolved == resolvedRoot || resolved.StartsWith(resolvedRoot + "/", StringComparison.Ordinal);
    }

    private static string Resolve(string fullPath, int depth)
    {
        var parent = Path.GetDirectoryName(fullPath);
        if (parent is null || depth > 40)
        {
            return fullPath;
        }

        var resolvedParent = Resolve(parent, depth + 1);
        var candidate = Path.Combine(resolvedParent, Path.GetFileName(fullPath));
        FileSystemInfo info = Directory.Exists(candidate) ? new DirectoryInfo(candidate) : new FileInfo(candidate);
        return info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? Resolve(Path.GetFullPath(target.FullName), depth + 1)
            : candidate;
    }
}
