namespace ModelServing.Batch.Output;

/// <summary>The shard's final files, appended to under their temporary names as chunks are committed, in chunk order.</summary>
/// <remarks>
/// The shard owns chunks <c>i, i + n, i + 2n, ...</c> (every chunk up to the last one holds records), so the next chunk to
/// append is always known: a committed chunk is appended at once when it is the next one (from the bytes just committed),
/// otherwise when the chunks before it are in (from its committed files, as are chunks committed by an earlier run).
/// Nothing here is a checkpoint: the temporary files are rewritten from the committed chunks by every run and renamed into
/// place only by <see cref="ChunkStore.Finish"/>, which checks that exactly the shard's chunks were appended, in order.
/// Not thread-safe: one committer appends. The owner disposes it.
/// </remarks>
internal sealed class ShardAssembly : IDisposable
{
    private readonly Func<long, string, string> _chunkPath;
    private readonly int _shardCount;
    private readonly SortedSet<long> _waiting;
    private readonly List<long> _appended = [];
    private FileStream? _results;
    private FileStream? _errors;
    private long _next;

    public ShardAssembly(string resultTemporary, string errorTemporary, Func<long, string, string> chunkPath, int shardIndex, int shardCount, IEnumerable<long> committed)
    {
        ResultTemporary = resultTemporary;
        ErrorTemporary = errorTemporary;
        _chunkPath = chunkPath;
        _shardCount = shardCount;
        _next = shardIndex;
        _waiting = [.. committed];
    }

    /// <summary>The results file being assembled.</summary>
    public string ResultTemporary { get; }

    /// <summary>The errors file being assembled.</summary>
    public string ErrorTemporary { get; }

    /// <summary>The chunks appended so far, in order.</summary>
    public IReadOnlyList<long> Appended => _appended;

    /// <summary>Creates the temporary files and appends the chunks committed by earlier runs that come first.</summary>
    public void Start()
    {
        _results = new FileStream(ResultTemporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _errors = new FileStream(ErrorTemporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        AppendWaiting();
    }

    /// <summary>Appends a chunk just committed (or keeps it for later when an earlier chunk is not committed yet).</summary>
    public void Add(long chunk, ReadOnlySpan<byte> results, ReadOnlySpan<byte> errors)
    {
        EnsureStarted();
        if (chunk != _next)
        {
            _waiting.Add(chunk);
            return;
        }

        _results!.Write(results);
        _errors!.Write(errors);
        MarkAppended(chunk);
        AppendWaiting();
    }

    /// <summary>Flushes both files to disk and closes them, ready to be renamed.</summary>
    public void Complete()
    {
        EnsureStarted();
        _results!.Flush(flushToDisk: true);
        _errors!.Flush(flushToDisk: true);
        Dispose();
    }

    /// <summary>Closes the files (a leftover <c>.tmp</c> is harmless: the next run rewrites it).</summary>
    public void Dispose()
    {
        _results?.Dispose();
        _errors?.Dispose();
        _results = _errors = null;
    }

    private void EnsureStarted()
    {
        if (_results is null)
        {
            throw new InvalidOperationException("The assembly is not started, or already completed or disposed.");
        }
    }

    private void AppendWaiting()
    {
        while (_waiting.Remove(_next))
        {
            using (var input = File.OpenRead(_chunkPath(_next, "results")))
            {
                input.CopyTo(_results!);
            }

            using (var input = File.OpenRead(_chunkPath(_next, "errors")))
            {
                input.CopyTo(_errors!);
            }

            MarkAppended(_next);
        }
    }

    private void MarkAppended(long chunk)
    {
        _appended.Add(chunk);
        _next = chunk + _shardCount;
    }
}
