using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelServing.Batch.Output;

/// <summary>The on-disk checkpoint protocol of a job's output directory (see the project README).</summary>
/// <remarks>
/// Every chunk is written to temporary files and committed by renames, its <c>.done</c> marker last; a chunk without a
/// marker never happened. The shard's final files are assembled from committed chunks in order (as they are committed, see
/// <see cref="ShardAssembly"/>), renamed into place, and only then is the shard's <c>.complete</c> marker written and its
/// chunk files removed. Safe against the process dying at any point, and against the machine crashing: file data is flushed
/// to disk before each rename and the directory after it (<see cref="DurableFiles"/>), once per committed chunk. Holds no
/// state of its own: commits of different chunks may run concurrently (the engine commits from one task).
/// </remarks>
internal sealed class ChunkStore
{
    /// <summary>The folder inside the output directory that holds checkpoints.</summary>
    public const string StateFolder = "_batch";

    private readonly string _state;
    private readonly int _shardIndex;
    private readonly int _shardCount;

    private ChunkStore(string output, int shardIndex, int shardCount)
    {
        Output = output;
        _state = Path.Combine(output, StateFolder);
        _shardIndex = shardIndex;
        _shardCount = shardCount;
        ResultFile = Path.Combine(output, $"prediction.results-{shardIndex:D5}-of-{shardCount:D5}");
        ErrorFile = Path.Combine(output, $"prediction.errors_stats-{shardIndex:D5}-of-{shardCount:D5}");
    }

    /// <summary>The output directory.</summary>
    public string Output { get; }

    /// <summary>This shard's results file.</summary>
    public string ResultFile { get; }

    /// <summary>This shard's errors file.</summary>
    public string ErrorFile { get; }

    private string CompleteMarker => Path.Combine(_state, $"shard-{_shardIndex:D5}-of-{_shardCount:D5}.complete");

    /// <summary>Opens (creating) the state folder, checking that it belongs to the same job.</summary>
    /// <exception cref="BatchJobException">The directory holds a different job.</exception>
    public static ChunkStore Open(string output, string fingerprint, int shardIndex, int shardCount)
    {
        var store = new ChunkStore(Path.GetFullPath(output), shardIndex, shardCount);
        if (!Directory.Exists(store._state))
        {
            Directory.CreateDirectory(store._state);
            DurableFiles.SyncDirectory(store.Output);
        }

        var jobFile = Path.Combine(store._state, "job.json");
        if (File.Exists(jobFile))
        {
            if (!string.Equals(File.ReadAllText(jobFile), fingerprint, StringComparison.Ordinal))
            {
                throw new BatchJobException(
                    "The output directory holds checkpoints of a different job (model, inputs, format, instanceConfig, chunk size or shard count differ); use a new output directory");
            }
        }
        else
        {
            DurableFiles.WriteAtomically(jobFile, Encoding.UTF8.GetBytes(fingerprint));
        }

        return store;
    }

    /// <summary>The counts of a completed shard, or null when it has not completed.</summary>
    public (long Succeeded, long Failed)? ReadComplete() =>
        File.Exists(CompleteMarker) ? ParseCounts(File.ReadAllText(CompleteMarker)) : null;

    /// <summary>The committed chunks of this shard with their counts.</summary>
    public Dictionary<long, (long Succeeded, long Failed)> ReadCommitted()
    {
        var committed = new Dictionary<long, (long, long)>();
        foreach (var marker in Directory.EnumerateFiles(_state, "chunk-*.done"))
        {
            var name = Path.GetFileNameWithoutExtension(marker);
            if (long.TryParse(name.AsSpan("chunk-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var chunk)
                && chunk % _shardCount == _shardIndex)
            {
                committed[chunk] = ParseCounts(File.ReadAllText(marker));
            }
        }

        return committed;
    }

    /// <summary>Commits one chunk's output: results, errors, then the marker, each flushed to disk and renamed into place.</summary>
    /// <remarks>
    /// All three files are flushed before any rename; the directory is synced once, after the results and errors renames and
    /// before the marker's, so a marker on disk always names whole files. The marker's own rename reaches the disk with the
    /// next sync of the folder (the next chunk, or <see cref="Finish"/>); a crash before that only predicts the chunk again.
    /// </remarks>
    public void Commit(long chunk, ReadOnlyMemory<byte> results, ReadOnlyMemory<byte> errors, long succeeded, long failed)
    {
        string resultsPath = ChunkPath(chunk, "results"), errorsPath = ChunkPath(chunk, "errors"), donePath = ChunkPath(chunk, "done");
        var resultsTemporary = DurableFiles.WriteTemporary(resultsPath, results.Span);
        var errorsTemporary = DurableFiles.WriteTemporary(errorsPath, errors.Span);
        var doneTemporary = DurableFiles.WriteTemporary(donePath, Encoding.UTF8.GetBytes(FormatCounts(succeeded, failed)));
        DurableFiles.Rename(resultsTemporary, resultsPath);
        DurableFiles.Rename(errorsTemporary, errorsPath);
        DurableFiles.SyncDirectory(_state);
        DurableFiles.Rename(doneTemporary, donePath);
    }

    /// <summary>The shard's final files, to be appended to as chunks are committed (chunks of earlier runs included).</summary>
    /// <param name="committed">The chunks committed by earlier runs.</param>
    /// <remarks>The files are assembled in the state folder, so no partial file in the output directory looks like a result.</remarks>
    public ShardAssembly StartAssembly(IEnumerable<long> committed) =>
        new(StatePath(ResultFile), StatePath(ErrorFile), ChunkPath, _shardIndex, _shardCount, committed);

    /// <summary>Puts the shard's final files in place from its chunks in order, marks the shard complete and removes the chunks.</summary>
    /// <param name="assembly">The final files appended to so far (<see cref="StartAssembly"/>, started); completed here.</param>
    /// <param name="chunks">All the shard's committed chunks.</param>
    /// <param name="succeeded">The shard's predicted instances.</param>
    /// <param name="failed">The shard's failed instances.</param>
    /// <remarks>
    /// When the assembly holds other chunks than <paramref name="chunks"/> in order (not expected: every chunk up to the last
    /// holds records), the files are assembled again from the committed chunk files.
    /// </remarks>
    public void Finish(ShardAssembly assembly, IReadOnlyCollection<long> chunks, long succeeded, long failed)
    {
        var ordered = chunks.Order().ToList();
        assembly.Complete();
        if (!assembly.Appended.SequenceEqual(ordered))
        {
            Concatenate(ordered, "results", assembly.ResultTemporary);
            Concatenate(ordered, "errors", assembly.ErrorTemporary);
        }

        File.Move(assembly.ResultTemporary, ResultFile, overwrite: true);
        File.Move(assembly.ErrorTemporary, ErrorFile, overwrite: true);
        DurableFiles.SyncDirectory(Output);
        DurableFiles.WriteAtomically(CompleteMarker, Encoding.UTF8.GetBytes(FormatCounts(succeeded, failed)));

        // Unlinks wait on the file system's journal more than on a core, so a few at once share the waits (48 files of a
        // 2,000-image job: ~70 ms one by one, ~10 ms eight at a time on a busy ext4 disk). The shard is marked complete: their
        // order no longer matters.
        var files = ordered.SelectMany(c => new[] { ChunkPath(c, "done"), ChunkPath(c, "results"), ChunkPath(c, "errors") });
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, File.Delete);
    }

    private void Concatenate(List<long> chunks, string kind, string temporary)
    {
        using var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        foreach (var chunk in chunks)
        {
            using var input = File.OpenRead(ChunkPath(chunk, kind));
            input.CopyTo(output);
        }

        output.Flush(flushToDisk: true);
    }

    private string StatePath(string finalFile) => Path.Combine(_state, Path.GetFileName(finalFile) + ".tmp");

    private string ChunkPath(long chunk, string kind) => Path.Combine(_state, $"chunk-{chunk:D9}.{kind}");

    /// <summary>The text of a <c>.done</c> or <c>.complete</c> marker: <c>{"succeeded":N,"failed":M}</c>.</summary>
    /// <remarks>
    /// Formatted directly, not with the reflection serializer, whose first use (on the first commit) costs tens of
    /// milliseconds of CPU the workers need; the text is the one <c>JsonSerializer</c> wrote (a test compares them).
    /// </remarks>
    internal static string FormatCounts(long succeeded, long failed) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"succeeded\":{succeeded},\"failed\":{failed}}}");

    private static (long, long) ParseCounts(string json)
    {
        using var document = JsonDocument.Parse(json);
        return (document.RootElement.GetProperty("succeeded").GetInt64(), document.RootElement.GetProperty("failed").GetInt64());
    }
}
