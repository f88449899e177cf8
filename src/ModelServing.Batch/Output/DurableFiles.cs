using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ModelServing.Batch.Output;

/// <summary>Writes that survive a machine crash, not only the process dying: data flushed to disk before a rename, the rename flushed after.</summary>
/// <remarks>
/// A rename alone is atomic for other processes, but after a power loss the file system may hold the new name over a file
/// whose data never reached the disk (an empty or short file). So a file is written to a temporary name and
/// <c>fsync</c>ed, renamed, and its directory is <c>fsync</c>ed so the rename itself is on disk. Directories can be
/// synced only on Linux here (.NET cannot open a directory as a file); elsewhere the file data is still flushed.
/// Thread-safe: no shared state.
/// </remarks>
internal static partial class DurableFiles
{
    private const int ReadOnly = 0;

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> under a temporary name and flushes them to disk (not renamed yet).</summary>
    /// <returns>The temporary file, to <see cref="Rename"/> into place.</returns>
    public static string WriteTemporary(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
        return temporary;
    }

    /// <summary>Renames a flushed temporary file over <paramref name="path"/>; call <see cref="SyncDirectory"/> to make the rename durable.</summary>
    public static void Rename(string temporary, string path) => File.Move(temporary, path, overwrite: true);

    /// <summary>Writes, flushes, renames into place and syncs the directory: the file is whole on disk or absent.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        Rename(WriteTemporary(path, bytes), path);
        SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Flushes a directory's entries (creations, renames, deletions) to disk; does nothing off Linux.</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"The directory {directory} cannot be opened to sync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"The directory {directory} cannot be synced to disk", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
