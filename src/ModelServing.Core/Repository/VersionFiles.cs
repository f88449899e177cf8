namespace ModelServing.Core.Repository;

/// <summary>A version directory's files at one scan: how many, how large, and when the newest changed.</summary>
/// <param name="Count">Number of files (recursively).</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="NewestWriteUtc">The latest last-write time among them (or the directory's own when empty).</param>
public sealed record VersionFiles(int Count, long Bytes, DateTime NewestWriteUtc)
{
    /// <summary>Reads the files of <paramref name="directory"/>.</summary>
    public static VersionFiles Read(string directory)
    {
        var count = 0;
        long bytes = 0;
        var newest = Directory.GetLastWriteTimeUtc(directory);
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                count++;
                bytes += file.Length;
                if (file.LastWriteTimeUtc > newest)
                {
                    newest = file.LastWriteTimeUtc;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Vanishing while read: treat as just changed, so it is looked at again on the next scan.
            newest = DateTime.UtcNow;
        }

        return new VersionFiles(count, bytes, newest);
    }

    /// <summary>True when nothing in the directory changed for <paramref name="settleTime"/>.</summary>
    public bool IsSettled(TimeSpan settleTime, DateTimeOffset now) => now.UtcDateTime - NewestWriteUtc >= settleTime;
}
