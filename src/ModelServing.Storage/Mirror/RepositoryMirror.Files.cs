namespace ModelServing.Storage.Mirror;

/// <summary>Downloading: version directories staged and renamed into place whole, model-level files renamed over the old.</summary>
public sealed partial class RepositoryMirror
{
    private async Task SyncFilesAsync(Dictionary<string, RemoteObject> wanted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var units = new Dictionary<string, List<KeyValuePair<string, RemoteObject>>>(StringComparer.Ordinal);
        var loose = new List<KeyValuePair<string, RemoteObject>>();
        foreach (var pair in wanted)
        {
            if (MirrorLayout.UnitOf(pair.Key) is { } unit)
            {
                if (!units.TryGetValue(unit, out var members))
                {
                    units[unit] = members = [];
                }

                members.Add(pair);
            }
            else
            {
                loose.Add(pair);
            }
        }

        foreach (var stale in _failures.Keys.Where(k => !units.ContainsKey(k) && !wanted.ContainsKey(k)).ToList())
        {
            _failures.Remove(stale);
        }

        var work = new List<Task>();
        foreach (var (path, item) in loose)
        {
            if (!IsCurrent(path, item) && Due(path, Fingerprint([new(path, item)]), now))
            {
                work.Add(SyncGroupAsync(path, [new(path, item)], isUnit: false, now, cancellationToken));
            }
        }

        foreach (var (unit, members) in units)
        {
            if (!(members.All(m => IsCurrent(m.Key, m.Value)) && NoExtraEntries(unit, members.Count)) && Due(unit, Fingerprint(members), now))
            {
                work.Add(SyncGroupAsync(unit, members, isUnit: true, now, cancellationToken));
            }
        }

        await Task.WhenAll(work).ConfigureAwait(false);
    }

    /// <summary>Downloads a version directory (or one model-level file) to staging, verifies it and renames it into place.</summary>
    private async Task SyncGroupAsync(
        string target, List<KeyValuePair<string, RemoteObject>> members, bool isUnit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(Directory, StagingName, Guid.NewGuid().ToString("N"));
        try
        {
            System.IO.Directory.CreateDirectory(staging);
            var downloads = members.Select(m =>
            {
                var file = isUnit ? Path.Combine(staging, ToLocal(m.Key[(target.Length + 1)..])) : Path.Combine(staging, "file");
                return DownloadAsync(m.Value, file, cancellationToken);
            });
            await Task.WhenAll(downloads).ConfigureAwait(false);

            var destination = Path.Combine(Directory, ToLocal(target));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (isUnit)
            {
                ReplaceDirectory(staging, destination);
            }
            else
            {
                File.Move(Path.Combine(staging, "file"), destination, overwrite: true);
            }

            lock (_manifestLock)
            {
                foreach (var key in _manifest!.Objects.Keys.Where(k => k == target || k.StartsWith(target + "/", StringComparison.Ordinal)).ToList())
                {
                    _manifest.Objects.Remove(key);
                }

                foreach (var (path, item) in members)
                {
                    _manifest.Objects[path] = MirrorManifestEntry.From(item);
                }

                _manifest.Save(Directory);
                _failures.Remove(target);
            }
        }
        catch (Exception ex) when (ex is ObjectStoreException or IOException or UnauthorizedAccessException)
        {
            var problem = ex as ObjectStoreException
                ?? new ObjectStoreException(ObjectStoreErrorKind.Unavailable, $"{_store.DisplayName}: {target} could not be written to the cache directory.", ex);
            lock (_manifestLock)
            {
                _failures.TryGetValue(target, out var previous);
                var failure = Fail(previous, Fingerprint(members), problem, now);
                _failures[target] = failure;
                if (previous is null || previous.Problem.Message != failure.Problem.Message)
                {
                    Log.GroupFailed(_logger, target, problem.Message);
                    Log.FailureDetail(_logger, ex);
                }
            }
        }
        finally
        {
            DeleteDirectory(staging);
        }
    }

    private async Task DownloadAsync(RemoteObject item, string file, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await _downloads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _retry.ExecuteAsync(
                async token =>
                {
                    await using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, _options.DownloadBufferBytes, FileOptions.Asynchronous);
                    using var verifying = new VerifyingStream(stream, item.Checksum?.Kind);
                    await _store.DownloadAsync(item, verifying, token).ConfigureAwait(false);
                    await verifying.FlushAsync(token).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesDownloaded, verifying.BytesWritten);
                    if (verifying.Problem(item) is { } problem)
                    {
                        throw new ObjectStoreException(ObjectStoreErrorKind.Corrupt, $"{_store.DisplayName}: {problem}; the download was discarded.");
                    }
                },
                cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _objectsDownloaded);
        }
        finally
        {
            _downloads.Release();
        }
    }

    /// <summary>Whether the local file at <paramref name="path"/> was downloaded from exactly this object.</summary>
    private bool IsCurrent(string path, RemoteObject item)
    {
        lock (_manifestLock)
        {
            if (!_manifest!.Objects.TryGetValue(path, out var entry) || entry != MirrorManifestEntry.From(item))
            {
                return false;
            }
        }

        var file = new FileInfo(Path.Combine(Directory, ToLocal(path)));
        return file.Exists && file.Length == item.Size;
    }

    private bool NoExtraEntries(string unit, int count)
    {
        lock (_manifestLock)
        {
            return _manifest!.Objects.Keys.Count(k => k.StartsWith(unit + "/", StringComparison.Ordinal)) == count;
        }
    }

    /// <summary>Whether a group that failed before may be tried again now: at once when its objects changed, else after its backoff.</summary>
    private bool Due(string target, string fingerprint, DateTimeOffset now)
    {
        lock (_manifestLock)
        {
            return !_failures.TryGetValue(target, out var failure) || failure.Fingerprint != fingerprint || now >= failure.Next;
        }
    }

    private static string Fingerprint(List<KeyValuePair<string, RemoteObject>> members) =>
        string.Join('\n', members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {MirrorManifestEntry.From(m.Value)}"));

    private static string ToLocal(string path) => path.Replace('/', Path.DirectorySeparatorChar);
}
