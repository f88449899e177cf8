using System.Runtime.InteropServices;

namespace ModelServing.Onnx.Sessions;

/// <summary>Hands memory that native code freed back to the operating system (glibc's <c>malloc_trim</c>).</summary>
/// <remarks>
/// ONNX Runtime allocates weights, arena chunks and kernel buffers with <c>malloc</c>. After a large block is freed glibc
/// raises its mmap threshold, so the next ones come from heap arenas, and freed arena memory stays in the process
/// (resident) unless it sits at the top of a heap. <c>malloc_trim(0)</c> returns every free page of every arena. Memory
/// freed on many threads stays fragmented across per-thread arenas; <c>MALLOC_ARENA_MAX=1</c> in the environment (set by
/// the Dockerfile and scripts/serve.sh) keeps it in one. Linux with glibc only; elsewhere (musl, other systems) it does
/// nothing. Thread-safe.
/// </remarks>
internal static partial class NativeHeap
{
    private const string GlibcName = "libc.so.6";
    private static int s_unavailable = OperatingSystem.IsLinux() ? 0 : 1;

    /// <summary>Returns freed native memory to the operating system.</summary>
    /// <returns>False when trimming is not available here or released nothing.</returns>
    public static bool Trim()
    {
        if (Volatile.Read(ref s_unavailable) != 0)
        {
            return false;
        }

        try
        {
            return MallocTrim(0) != 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): never try again.
            Volatile.Write(ref s_unavailable, 1);
            return false;
        }
    }

    [LibraryImport(GlibcName, EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
