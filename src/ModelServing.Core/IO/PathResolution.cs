namespace ModelServing.Core.IO;

/// <summary>Resolves symbolic links in paths (like <c>realpath</c>) and checks that a path stays inside a directory.</summary>
/// <remarks>Used wherever a path from a caller or a model file must not lead out of a configured directory.</remarks>
public static class PathResolution
{
    /// <summary>The most symbolic links followed while resolving one path (Linux's limit).</summary>
    public const int MaxLinkHops = 40;

    /// <summary>The path with every symbolic link among its existing components followed.</summary>
    /// <param name="fullPath">An absolute path.</param>
    /// <returns>The resolved path; null when more than <see cref="MaxLinkHops"/> links (a loop) were met.</returns>
    public static string? ResolveLinks(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var hops = 0;
        return Resolve(fullPath, ref hops);
    }

    /// <summary>
    /// True when <paramref name="path"/> is <paramref name="root"/> or inside it once <c>..</c> and the symbolic links of
    /// both are resolved; false too when either has a link loop.
    /// </summary>
    public static bool IsUnder(string path, string root)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        if (ResolveLinks(Path.GetFullPath(root)) is not { } resolvedRoot || ResolveLinks(Path.GetFullPath(path)) is not { } resolved)
        {
            return false;
        }

        resolvedRoot = Path.TrimEndingDirectorySeparator(resolvedRoot);
        return resolved == resolvedRoot || resolved.StartsWith(resolvedRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string? Resolve(string fullPath, ref int hops)
    {
        var parent = Path.GetDirectoryName(fullPath);
        if (parent is null)
        {
            return fullPath;
        }

        if (Resolve(parent, ref hops) is not { } resolvedParent)
        {
            return null;
        }

        var candidate = Path.Combine(resolvedParent, Path.GetFileName(fullPath));
        if (new FileInfo(candidate).LinkTarget is not { } target)
        {
            return candidate;
        }

        // A relative link target is relative to the directory holding the link.
        return ++hops > MaxLinkHops ? null : Resolve(Path.GetFullPath(target, resolvedParent), ref hops);
    }
}
