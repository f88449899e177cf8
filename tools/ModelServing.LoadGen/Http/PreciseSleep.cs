using System.Runtime.InteropServices;

namespace ModelServing.LoadGen.Http;

/// <summary>Sub-millisecond sleeps, so a scheduler can wait for its next send without spinning a core.</summary>
/// <remarks><see cref="Thread.Sleep(int)"/> has millisecond granularity; libc's <c>usleep</c> wakes within ~0.1 ms on Linux.</remarks>
internal static partial class PreciseSleep
{
    public static void For(TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            _ = USleep((uint)Math.Clamp(wait.TotalMicroseconds, 1, 1_000_000));
        }
        else
        {
            Thread.Sleep(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
        }
    }

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);
}
