using System.Globalization;

namespace ModelServing.Core.IO;

/// <summary>Reads the files a model repository or a batch job names: only regular files, of bounded size, in bounded time.</summary>
/// <remarks>
/// A FIFO, device or socket named like a model file would block <c>open</c> or never end a read, and with it the repository
/// watcher or worker that read it. So every such file is checked with <see cref="Problem"/> before anything opens it: its
/// type comes from <c>statx</c> on Linux, following symbolic links (a link to a regular file counts as one, as before),
/// without opening the file. <see cref="ReadAllBytes(string, long)"/> also reads on a worker with <see cref="ReadTimeout"/>, so a file
/// that becomes a FIFO between the check and the read, or a hung network mount, costs one blocked thread, never the caller.
/// Messages name no path: callers prefix the name they show. Thread-safe: no shared state.
/// </remarks>
public static partial class RegularFiles
{
    /// <summary>How long one <see cref="ReadAllBytes(string, long)"/> may take before it is given up.</summary>
    /// <value>30 seconds.</value>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The problem <see cref="Problem"/> reports for a path that does not exist.</summary>
    public const string Missing = "does not exist";

    /// <summary>Null when <paramref name="path"/> is a regular file (after symbolic links), else what is wrong with it.</summary>
    /// <returns>Null, or e.g. <c>does not exist</c>, <c>is a directory, not a regular file</c>, <c>is a FIFO, not a regular file</c>.</returns>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return Missing;
        }

        if (TryFileType(path, out var problem))
        {
            return problem;
        }

        // Off Linux (or where statx is refused), the portable check: it tells files from directories only.
        return File.Exists(path) ? null : Directory.Exists(path) ? NotRegular("a directory") : Missing;
    }

    /// <summary>Reads a regular file of at most <paramref name="maxBytes"/> bytes within <see cref="ReadTimeout"/>.</summary>
    /// <exception cref="RegularFileException">The file is missing, not a regular file, too large, unreadable or too slow.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes) => ReadAllBytes(path, maxBytes, ReadTimeout, checkType: true);

    /// <summary><see cref="ReadAllBytes(string, long)"/> with its timeout and type check as parameters (tests reach the timeout with a FIFO).</summary>
    internal static byte[] ReadAllBytes(string path, long maxBytes, TimeSpan timeout, bool checkType)
    {
        ArgumentNullException.ThrowIfNull(path);

        // Waited for through WaitAsync, never Wait: Wait may run a queued task inline on this thread, timeout or not.
        var read = Task.Run(() => ReadChecked(path, maxBytes, checkType));
        try
        {
            return read.WaitAsync(timeout).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new RegularFileException(string.Create(CultureInfo.InvariantCulture, $"could not be read within {timeout.TotalSeconds:0.###} s"));
        }
    }

    private static byte[] ReadChecked(string path, long maxBytes, bool checkType)
    {
        if (checkType && Problem(path) is { } problem)
        {
            throw new RegularFileException(problem);
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw new RegularFileException($"is larger than {maxBytes} bytes");
            }

            var bytes = new byte[stream.CanSeek ? stream.Length : 0];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException ex)
        {
            throw new RegularFileException(Missing, ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new RegularFileException(Missing, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RegularFileException("cannot be read (permission denied)", ex);
        }
        catch (IOException ex) when (ex is not RegularFileException)
        {
            throw new RegularFileException("cannot be read", ex);
        }
    }

    private static string NotRegular(string what) => $"is {what}, not a regular file";
}
