using System.Collections.Concurrent;

namespace ModelServing.Core.Tensors;

/// <summary>
/// Element arrays of model tensors (image inputs, batch inputs) kept for reuse, by element type and exact length: a
/// <see cref="TensorData"/> needs an array exactly as long as its shape, which <see cref="System.Buffers.ArrayPool{T}"/>
/// does not give.
/// </summary>
/// <remarks>
/// Thread-safe and lock-free; renting and returning allocate nothing once a length has been seen. Bounded: arrays under
/// <see cref="MinPooledBytes"/> are not kept (allocating them is cheap), at most <see cref="SlotsPerLength"/> per length,
/// <see cref="MaxLengths"/> lengths and <see cref="MaxRetainedBytes"/> in all; past that a returned array is left to the GC.
/// Ownership: a rented array belongs to the renter until returned; return it only when nothing (a tensor, a native value
/// pinning it, an output aliasing it) can read it any more. Contents of a rented array are undefined.
/// </remarks>
internal static class TensorArrayPool
{
    /// <summary>Smallest array kept, in bytes.</summary>
    public const int MinPooledBytes = 16 * 1024;

    /// <summary>Arrays kept per element type and length: as many as requests in flight at a time (each holds its image tensor).</summary>
    public const int SlotsPerLength = 32;

    /// <summary>Distinct element type and length pairs kept.</summary>
    public const int MaxLengths = 256;

    /// <summary>Bytes kept in all.</summary>
    public const long MaxRetainedBytes = 64L * 1024 * 1024;

    private static readonly ConcurrentDictionary<(Type Type, int Length), Array?[]> s_buckets = new();
    private static long s_retainedBytes;

    /// <summary>An array of <paramref name="length"/> elements of <paramref name="dataType"/>'s CLR type, reused when one is free.</summary>
    public static Array Rent(TensorDataType dataType, long length)
    {
        var type = TensorDataTypes.ClrType(dataType);
        var size = checked((int)length);
        if (Poolable(dataType, size) && s_buckets.TryGetValue((type, size), out var slots))
        {
            for (var i = 0; i < slots.Length; i++)
            {
                if (Volatile.Read(ref slots[i]) is not null && Interlocked.Exchange(ref slots[i], null) is { } array)
                {
                    Interlocked.Add(ref s_retainedBytes, -Bytes(dataType, size));
                    return array;
                }
            }
        }

        return type == typeof(float) ? GC.AllocateUninitializedArray<float>(size) : Array.CreateInstance(type, size);
    }

    /// <summary>Keeps <paramref name="array"/> for a later <see cref="Rent"/> (or leaves it to the GC when the pool is full).</summary>
    public static void Return(TensorDataType dataType, Array array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var size = array.Length;
        if (!Poolable(dataType, size) || array.GetType().GetElementType() != TensorDataTypes.ClrType(dataType))
        {
            return;
        }

        var bytes = Bytes(dataType, size);
        if (Interlocked.Add(ref s_retainedBytes, bytes) > MaxRetainedBytes)
        {
            Interlocked.Add(ref s_retainedBytes, -bytes);
            return;
        }

        var key = (array.GetType().GetElementType()!, size);
        if (!s_buckets.TryGetValue(key, out var slots))
        {
            slots = s_buckets.Count < MaxLengths ? s_buckets.GetOrAdd(key, static _ => new Array?[SlotsPerLength]) : null;
        }

        if (slots is not null)
        {
            for (var i = 0; i < slots.Length; i++)
            {
                if (Volatile.Read(ref slots[i]) is null && Interlocked.CompareExchange(ref slots[i], array, null) is null)
                {
                    return;
                }
            }
        }

        Interlocked.Add(ref s_retainedBytes, -bytes);
    }

    /// <summary>Numeric arrays large enough to be worth keeping (strings and JSON hold references and are never pooled).</summary>
    private static bool Poolable(TensorDataType dataType, int length) =>
        dataType is not (TensorDataType.String or TensorDataType.Json) && Bytes(dataType, length) >= MinPooledBytes;

    private static long Bytes(TensorDataType dataType, int length) => (long)length * TensorDataTypes.ElementSize(dataType);
}
