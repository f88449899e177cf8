using System.Text;
using System.Text.Json;
using ModelServing.Batch.Output;
using ModelServing.Batch.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Output;

public sealed class ChunkStoreTests
{
    [Fact]
    public void Finish_ChunksCommittedOutOfOrder_WritesTheFinalFilesInChunkOrder()
    {
        using var scratch = new ScratchDirectory();
        var store = ChunkStore.Open(scratch.Path, "{}", 0, 1);
        using var assembly = store.StartAssembly([]);
        assembly.Start();

        foreach (var chunk in new long[] { 2, 0, 3, 1 })
        {
            CommitAndAdd(store, assembly, chunk);
        }

        Assert.Equal([0, 1, 2, 3], assembly.Appended);
        store.Finish(assembly, [2, 0, 3, 1], 8, 4);

        Assert.Equal(Lines("r", 0, 1, 2, 3), File.ReadAllText(store.ResultFile));
        Assert.Equal(Lines("e", 0, 1, 2, 3), File.ReadAllText(store.ErrorFile));
        Assert.Equal((8, 4), store.ReadComplete());
        Assert.Empty(store.ReadCommitted());
        Assert.Empty(Directory.GetFiles(scratch.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Finish_ChunksCommittedByAnEarlierRun_ReadsThemBackInChunkOrder()
    {
        using var scratch = new ScratchDirectory();
        var earlier = ChunkStore.Open(scratch.Path, "{}", 1, 2);
        earlier.Commit(1, Encoding.UTF8.GetBytes(Lines("r", 1)), Encoding.UTF8.GetBytes(Lines("e", 1)), 2, 1);
        earlier.Commit(5, Encoding.UTF8.GetBytes(Lines("r", 5)), Encoding.UTF8.GetBytes(Lines("e", 5)), 2, 1);

        var store = ChunkStore.Open(scratch.Path, "{}", 1, 2);
        var committed = store.ReadCommitted();
        using var assembly = store.StartAssembly(committed.Keys);
        assembly.Start();
        CommitAndAdd(store, assembly, 7);
        CommitAndAdd(store, assembly, 3);
        store.Finish(assembly, [.. committed.Keys, 7, 3], 8, 4);

        Assert.Equal([1, 3, 5, 7], assembly.Appended);
        Assert.Equal(Lines("r", 1, 3, 5, 7), File.ReadAllText(store.ResultFile));
        Assert.Equal(Lines("e", 1, 3, 5, 7), File.ReadAllText(store.ErrorFile));
    }

    [Fact]
    public void Finish_AssemblyWithoutAChunk_ConcatenatesTheCommittedChunkFiles()
    {
        using var scratch = new ScratchDirectory();
        var store = ChunkStore.Open(scratch.Path, "{}", 0, 1);
        using var assembly = store.StartAssembly([]);
        assembly.Start();
        CommitAndAdd(store, assembly, 0);
        store.Commit(1, Encoding.UTF8.GetBytes(Lines("r", 1)), Encoding.UTF8.GetBytes(Lines("e", 1)), 2, 1);
        CommitAndAdd(store, assembly, 2);

        store.Finish(assembly, [0, 1, 2], 6, 3);

        Assert.Equal([0], assembly.Appended);
        Assert.Equal(Lines("r", 0, 1, 2), File.ReadAllText(store.ResultFile));
        Assert.Equal(Lines("e", 0, 1, 2), File.ReadAllText(store.ErrorFile));
        Assert.Equal((6, 3), store.ReadComplete());
    }

    [Fact]
    public void Add_BeforeStart_Throws()
    {
        using var scratch = new ScratchDirectory();
        var store = ChunkStore.Open(scratch.Path, "{}", 0, 1);
        using var assembly = store.StartAssembly([]);

        Assert.Throws<InvalidOperationException>(() => assembly.Add(0, "{}\n"u8, default));
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(16384L, 3L)]
    [InlineData(long.MaxValue, 1L)]
    public void FormatCounts_AnyCounts_IsTheTextTheSerializerWrote(long succeeded, long failed)
    {
        var serialized = JsonSerializer.Serialize(new Dictionary<string, long> { ["succeeded"] = succeeded, ["failed"] = failed });

        Assert.Equal(serialized, ChunkStore.FormatCounts(succeeded, failed));
    }

    private static void CommitAndAdd(ChunkStore store, ShardAssembly assembly, long chunk)
    {
        byte[] results = Encoding.UTF8.GetBytes(Lines("r", chunk)), errors = Encoding.UTF8.GetBytes(Lines("e", chunk));
        store.Commit(chunk, results, errors, 2, 1);
        assembly.Add(chunk, results, errors);
    }

    /// <summary>Two lines per chunk, so a chunk's lines are told apart from their neighbours'.</summary>
    private static string Lines(string kind, params long[] chunks) =>
        string.Concat(chunks.Select(c => $"{{\"{kind}\":{c},\"line\":0}}\n{{\"{kind}\":{c},\"line\":1}}\n"));
}
