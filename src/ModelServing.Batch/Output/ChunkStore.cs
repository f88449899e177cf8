using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelServing.Batch.Output;

/// <summary>The on-disk checkpoint protocol of a job's output directory (see the project README).</summary>
/// <remarks>
/// Every chunk is written to temporary files and committed by renames, its <c>.done</c> marker last; a chunk without a
/// marker never happened. The shard's final files are assembled from committed chunks, renamed into place, and only then
/// is the shard's <c>.complete</c> marker written and its chunk files removed. Safe against the process dying at any point,
/// and against the machine crashing: file data is flushed to disk before each rename and the directory after it
/// (<see cref="DurableFiles"/>), once per committed chunk.
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

    /// <summary>Assembles the shard's final files from its chunks in order, marks the shard complete and removes the chunks.</summary>
    public void Finish(IReadOnlyCollection<long> chunks, long succeeded, long failed)
    {
        var ordered = chunks.Order().ToList();
        Concatenate(ordered, "results", ResultFile);
        Concatenate(ordered, "errors", ErrorFile);
        DurableFiles.SyncDirectory(Output);
        DurableFiles.WriteAtomically(CompleteMarker, Encoding.UTF8.GetBytes(FormatCounts(succeeded, failed)));
        foreach (var chunk in ordered)
        {
            File.Delete(ChunkPath(chunk, "done"));
            File.Delete(ChunkPath(chunk, "results"));
            File.Delete(ChunkPath(chunk, "errors"));
        }
    }

    private void Concatenate(List<long> chunks, string kind, string destination)
    {
        var temporary = destination + ".tmp";
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var chunk in chunks)
            {
                using var input = File.OpenRead(ChunkPath(chunk, kind));
                input.CopyTo(output);
            }

            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, destination, overwrite: true);
    }

    private string ChunkPath(long chunk, string kind) => Path.Combine(_state, $"chunk-{chunk:D9}.{kind}");

    private static string FormatCounts(long succeeded, long failed) =>
        JsonSerializer.Serialize(new Dictionary<string, long> { ["succeeded"] = succeeded, ["failed"] = failed });

    private static (long, long) ParseCounts(string json)
    {
        using var document = JsonDocument.Parse(json);
        return (document.RootElement.GetProperty("succeeded").GetInt64(), document.RootElement.GetProperty("failed").GetInt64());
    }
}
