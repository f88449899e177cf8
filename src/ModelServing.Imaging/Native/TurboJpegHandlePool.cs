namespace ModelServing.Imaging.Native;

/// <summary>A lock-free, bounded pool of TurboJPEG decompressor handles.</summary>
/// <remarks>
/// TurboJPEG handles are not thread-safe, so each decode rents one exclusively. Renting and returning allocate nothing;
/// when the pool is empty a new handle is created, when it is full the returned handle is destroyed, so at most
/// <see cref="Capacity"/> idle handles live (a few KB of native memory each, released at process exit). A handle whose
/// decode failed is destroyed rather than returned, so no decode ever sees state left by a failed one.
/// </remarks>
internal static class TurboJpegHandlePool
{
    private static readonly nint[] s_slots = new nint[Math.Max(4, Environment.ProcessorCount * 2)];

    /// <summary>How many idle handles are kept.</summary>
    public static int Capacity => s_slots.Length;

    /// <summary>Rents a handle for exclusive use; give it back with <see cref="Return"/> in a <c>finally</c>.</summary>
    public static nint Rent()
    {
        NativeCodecLibraries.EnsureTurboJpeg();
        for (var i = 0; i < s_slots.Length; i++)
        {
            if (Volatile.Read(ref s_slots[i]) != 0)
            {
                var handle = Interlocked.Exchange(ref s_slots[i], 0);
                if (handle != 0)
                {
                    return handle;
                }
            }
        }

        var created = LibTurboJpeg.InitDecompress();
        return created != 0 ? created : throw new InvalidOperationException("tjInitDecompress failed (out of native memory)");
    }

    /// <summary>Gives a rented handle back, or destroys it when it failed or the pool is full.</summary>
    public static void Return(nint handle, bool failed)
    {
        if (handle == 0)
        {
            return;
        }

        if (!failed)
        {
            for (var i = 0; i < s_slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref s_slots[i], handle, 0) == 0)
                {
                    return;
                }
            }
        }

        _ = LibTurboJpeg.Destroy(handle);
    }

    /// <summary>Destroys every idle handle (tests; the pool refills on demand).</summary>
    internal static void Clear()
    {
        for (var i = 0; i < s_slots.Length; i++)
        {
            var handle = Interlocked.Exchange(ref s_slots[i], 0);
            if (handle != 0)
            {
                _ = LibTurboJpeg.Destroy(handle);
            }
        }
    }
}
