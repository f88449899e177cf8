using System.Text;
using System.Text.RegularExpressions;
using ModelServing.Core.IO;

namespace ModelServing.Batch.Input;

/// <summary>Expands input paths and globs (<c>*</c>, <c>?</c>, <c>**</c>) into an ordered list of regular files.</summary>
/// <remarks>A FIFO, device or socket never matches: reading one could block the job forever.</remarks>
internal static class InputFiles
{
    /// <summary>Every file the patterns name, each once, patterns in order and each pattern's matches sorted ordinally.</summary>
    /// <param name="patterns">Paths, globs or <c>file://</c> URIs.</param>
    /// <param name="displayRoot">When set, messages name a pattern relative to this directory, never with the directory itself.</param>
    /// <exception cref="BatchJobException">A pattern names nothing.</exception>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> patterns, string? displayRoot = null)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in patterns)
        {
            var pattern = LocalPath(raw);
            var matches = pattern.IndexOfAny(['*', '?']) < 0
                ? RegularFiles.Problem(pattern) is null ? [Path.GetFullPath(pattern)] : []
                : Expand(pattern);
            if (matches.Count == 0)
            {
                throw new BatchJobException($"No input file matches \"{Display(raw, displayRoot)}\"");
            }

            files.AddRange(matches.Where(seen.Add));
        }

        return files;
    }

    /// <summary>How messages name <paramref name="raw"/>: relative to <paramref name="root"/> when set (its file name if outside).</summary>
    private static string Display(string raw, string? root)
    {
        if (root is null)
        {
            return raw;
        }

        var full = Path.GetFullPath(LocalPath(raw));
        var relative = Path.GetRelativePath(Path.GetFullPath(root), full);
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFileName(full) : relative;
    }

    /// <summary>A local path from a path or <c>file://</c> URI.</summary>
    public static string LocalPath(string pathOrUri)
    {
        var text = pathOrUri.Trim();
        if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri.LocalPath : text["file://".Length..];
        }

        return text;
    }

    private static List<string> Expand(string pattern)
    {
        var full = Path.GetFullPath(pattern);
        var parts = full.Split('/');
        var fixedCount = Array.FindIndex(parts, p => p.IndexOfAny(['*', '?']) >= 0);
        var root = string.Join('/', parts[..fixedCount]);
        if (root.Length == 0)
        {
            root = "/";
        }

        if (!Directory.Exists(root))
        {
            return [];
        }

        var regex = ToRegex(string.Join('/', parts[fixedCount..]));
        var recursive = parts[fixedCount..].Length > 1 || pattern.Contains("**", StringComparison.Ordinal);
        var candidates = Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly);
        return [.. candidates.Where(f => regex.IsMatch(Path.GetRelativePath(root, f)) && RegularFiles.Problem(f) is null).Order(StringComparer.Ordinal)];
    }

    private static Regex ToRegex(string glob)
    {
        var text = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                text.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                text.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(text.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
