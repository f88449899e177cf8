using System.Diagnostics;
using ModelServing.Core.IO;

namespace ModelServing.Core.Tests.IO;

/// <summary>Only regular files are read: a FIFO is refused before anything opens it, and a read that blocks is given up.</summary>
public sealed class RegularFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("regular-files-").FullName;

    [Fact]
    public void Problem_EachKindOfEntry_NamesWhatItIs()
    {
        var file = Write("file.txt", "x");
        File.CreateSymbolicLink(Path.Combine(_root, "link"), file);
        var fifo = MakeFifo("pipe");

        Assert.Null(RegularFiles.Problem(file));
        Assert.Null(RegularFiles.Problem(Path.Combine(_root, "link")));
        Assert.Equal("is a FIFO, not a regular file", RegularFiles.Problem(fifo));
        Assert.Equal("is a directory, not a regular file", RegularFiles.Problem(_root));
        Assert.Equal(RegularFiles.Missing, RegularFiles.Problem(Path.Combine(_root, "none")));
        Assert.Equal("is a device, not a regular file", RegularFiles.Problem("/dev/null"));
    }

    [Fact]
    public void ReadAllBytes_Fifo_ThrowsWithoutOpeningIt()
    {
        var fifo = MakeFifo("config.json");

        // Opening a FIFO for reading blocks until a writer comes: had the read opened it, this call would never return.
        var error = Assert.Throws<RegularFileException>(() => RegularFiles.ReadAllBytes(fifo, 1024));

        Assert.Equal("is a FIFO, not a regular file", error.Message);
    }

    [Fact]
    public void ReadAllBytes_OpenThatBlocks_GivesUpAfterTheTimeout()
    {
        var fifo = MakeFifo("blocking");

        // Skipping the type check stands for a file that became a FIFO after it: the read's own timeout must end the call.
        var error = Assert.Throws<RegularFileException>(() => RegularFiles.ReadAllBytes(fifo, 1024, TimeSpan.FromMilliseconds(200), checkType: false));
        using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            // Opening the write end releases the worker still blocked in open; closing it gives the worker end of file.
        }

        Assert.Equal("could not be read within 0.2 s", error.Message);
    }

    [Fact]
    public void ReadAllBytes_RegularFile_ReadsIt_AndLargerThanTheLimit_Throws()
    {
        var file = Write("labels.txt", "a\nb\n");

        Assert.Equal("a\nb\n"u8.ToArray(), RegularFiles.ReadAllBytes(file, 4));
        Assert.Equal("is larger than 3 bytes", Assert.Throws<RegularFileException>(() => RegularFiles.ReadAllBytes(file, 3)).Message);
        Assert.Equal(RegularFiles.Missing, Assert.Throws<RegularFileException>(() => RegularFiles.ReadAllBytes(file + ".gone", 3)).Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string MakeFifo(string name)
    {
        var path = Path.Combine(_root, name);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
