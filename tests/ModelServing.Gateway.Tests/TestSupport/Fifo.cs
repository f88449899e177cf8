using System.Diagnostics;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>Makes named pipes (FIFOs) with the real <c>mkfifo</c>: files whose open for reading blocks until a writer comes.</summary>
internal static class Fifo
{
    /// <summary>Replaces whatever is at <paramref name="path"/> with a FIFO.</summary>
    public static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
