using ModelServing.Core.Repository;

namespace ModelServing.Storage.Mirror;

/// <summary>Where each remote object goes in the mirror, and which version directory (unit) it belongs to.</summary>
/// <param name="SingleModelName">When the remote is one model's directory (numeric version directories at its top), the name
/// of that model: its objects go below <c>&lt;name&gt;/</c>. Null when the remote is a repository root.</param>
/// <param name="Only">Mirror only this model of a repository root (TF Serving's <c>MODEL_NAME</c>), or null for all.</param>
internal sealed record MirrorLayout(string? SingleModelName, string? Only)
{
    /// <summary>Decides from a complete listing whether the remote is one model's directory, as a local root is.</summary>
    /// <param name="items">The listing.</param>
    /// <param name="modelName">The configured model name (<c>ModelRepository:SingleModelName</c>), or null.</param>
    /// <param name="fallbackName">The name of a single model when none is configured (the URI's last segment).</param>
    public static MirrorLayout Decide(IEnumerable<RemoteObject> items, string? modelName, string fallbackName)
    {
        var singleModel = items.Any(i => i.Key.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
            && ModelRepositoryScanner.ParseVersion(i.Key[..slash]) is not null);
        return singleModel ? new MirrorLayout(modelName ?? fallbackName, null) : new MirrorLayout(null, modelName);
    }

    /// <summary>The object's path in the mirror (<c>/</c>-separated), or null when it is skipped: outside the one model
    /// served, hidden at the top (the mirror's own files are), or a name that could leave the mirror (<c>..</c>, <c>\</c>).</summary>
    public string? LocalPath(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = SingleModelName is { } name ? name + "/" + key : key;
        var segments = path.Split('/');
        if (segments.Length < 2 || segments[0].StartsWith('.') || (Only is { } only && segments[0] != only))
        {
            return null;
        }

        foreach (var segment in segments)
        {
            if (segment is "" or "." or ".." || segment.Contains('\\', StringComparison.Ordinal) || segment.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }
        }

        return path;
    }

    /// <summary>The version directory holding <paramref name="localPath"/> (<c>model/3</c>: its first numeric directory), or
    /// null for a model-level file such as <c>model/config.json</c>.</summary>
    public static string? UnitOf(string localPath)
    {
        ArgumentNullException.ThrowIfNull(localPath);
        var segments = localPath.Split('/');
        for (var i = 1; i < segments.Length - 1; i++)
        {
            if (ModelRepositoryScanner.ParseVersion(segments[i]) is not null)
            {
                return string.Join('/', segments[..(i + 1)]);
            }
        }

        return null;
    }
}
