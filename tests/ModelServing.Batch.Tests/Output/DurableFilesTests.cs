using ModelServing.Batch.Output;

namespace ModelServing.Batch.Tests.Output;

public sealed class DurableFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("modelserving-durable-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void WriteAtomically_ReplacesTheFileWhole_AndLeavesNoTemporary()
    {
        var path = Path.Combine(_directory, "chunk-000000001.results");
        File.WriteAllText(path, "old");

        DurableFiles.WriteAtomically(path, "{\"a\":1}\n"u8);

        Assert.Equal("{\"a\":1}\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void WriteTemporary_FlushesUnderATemporaryName_UntilRenamed()
    {
        var path = Path.Combine(_directory, "chunk-000000001.done");

        var temporary = DurableFiles.WriteTemporary(path, "{}"u8);

        Assert.False(File.Exists(path));
        Assert.Equal("{}", File.ReadAllText(temporary));
        DurableFiles.Rename(temporary, path);
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void SyncDirectory_SyncsAnExistingDirectory_AndReportsAMissingOne()
    {
        DurableFiles.SyncDirectory(_directory);

        var missing = Path.Combine(_directory, "missing");
        if (OperatingSystem.IsLinux())
        {
            var error = Assert.Throws<IOException>(() => DurableFiles.SyncDirectory(missing));
            Assert.Contains("cannot be opened", error.Message, StringComparison.Ordinal);
        }
        else
        {
            DurableFiles.SyncDirectory(missing);
        }
    }
}
