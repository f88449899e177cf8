namespace ModelServing.Storage.Mirror;

/// <summary>Removing what the store no longer lists, replacing directories, and failure backoff.</summary>
public sealed partial class RepositoryMirror
{
    /// <summary>Deletes local files the complete listing no longer has (keeping the old copy of a version that failed to update),
    /// then the directories left empty. Returns how many files went, and how many manifest entries were dropped.</summary>
    private (int Removed, int Forgotten) RemoveUnlisted(Dictionary<string, RemoteObject> wanted)
    {
        var removed = 0;
        var failing = new HashSet<string>(_failures.Keys, StringComparer.Ordinal);
        var wantedUnits = new HashSet<string>(wanted.Keys.Select(MirrorLayout.UnitOf).OfType<string>(), StringComparer.Ordinal);
        foreach (var top in System.IO.Directory.EnumerateFileSystemEntries(Directory))
        {
            if (Path.GetFileName(top).StartsWith('.'))
            {
                continue;
            }

            var files = File.Exists(top) ? [top] : System.IO.Directory.EnumerateFiles(top, "*", SearchOption.AllDirectories).ToList();
            foreach (var file in files)
            {
                var path = Path.GetRelativePath(Directory, file).Replace(Path.DirectorySeparatorChar, '/');
                var unit = MirrorLayout.UnitOf(path);
                var keep = wanted.ContainsKey(path) || (unit is not null && wantedUnits.Contains(unit) && failing.Contains(unit));
                if (!keep)
                {
                    File.Delete(file);
                    removed++;
                }
            }
        }

        var forgotten = 0;
        lock (_manifestLock)
        {
            foreach (var key in _manifest!.Objects.Keys.Where(k => !File.Exists(Path.Combine(Directory, ToLocal(k)))).ToList())
            {
                _manifest.Objects.Remove(key);
                forgotten++;
            }
        }

        RemoveEmptyDirectories(Directory, isRoot: true);
        return (removed, forgotten);
    }

    private static bool RemoveEmptyDirectories(string directory, bool isRoot)
    {
        var empty = true;
        foreach (var child in System.IO.Directory.EnumerateDirectories(directory).ToList())
        {
            if (isRoot && Path.GetFileName(child).StartsWith('.'))
            {
                empty = false;
                continue;
            }

            empty &= RemoveEmptyDirectories(child, isRoot: false);
        }

        empty &= !System.IO.Directory.EnumerateFiles(directory).Any();
        if (empty && !isRoot)
        {
            System.IO.Directory.Delete(directory);
        }

        return empty;
    }

    /// <summary>Puts a staged version directory in place of the old one: the old moves aside into staging first, so the scanner
    /// sees either copy whole (a sync never runs during a scan).</summary>
    private void ReplaceDirectory(string staged, string destination)
    {
        string? old = null;
        if (System.IO.Directory.Exists(destination))
        {
            old = Path.Combine(Directory, StagingName, "old-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.Move(destination, old);
        }

        System.IO.Directory.Move(staged, destination);
        if (old is not null)
        {
            DeleteDirectory(old);
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start, which empties staging first.
        }
    }

    private Failure Fail(Failure? previous, string fingerprint, ObjectStoreException ex, DateTimeOffset now)
    {
        var attempts = previous is not null && previous.Fingerprint == fingerprint ? previous.Attempts + 1 : 1;
        var since = previous is not null && previous.Problem.Kind == ex.Kind && previous.Problem.Message == ex.Message ? previous.Problem.Since : now;
        var delay = TimeSpan.FromTicks(Math.Min(
            _options.SyncRetryMaxDelay.Ticks, _options.SyncRetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
        return new Failure(fingerprint, new MirrorProblem(ex.Kind, ex.Message, since), attempts, now + delay);
    }

    /// <summary>A repository listing, version directory or model-level file that failed, and when to try it again.</summary>
    /// <param name="Fingerprint">The listed objects it failed with; a change retries at once.</param>
    /// <param name="Problem">Why.</param>
    /// <param name="Attempts">Failed syncs in a row.</param>
    /// <param name="Next">Not tried again before this.</param>
    private sealed record Failure(string Fingerprint, MirrorProblem Problem, int Attempts, DateTimeOffset Next);
}
