using System.Collections.Concurrent;
using System.Diagnostics;

namespace ModelServing.Core.Tensors;

/// <summary>
/// Element arrays of model tensors (image inputs, batch inputs) kept for reuse, by element type and exact length: a
/// <see cref="TensorData"/> needs an array exactly as long as its shape, which <see cref="System.Buffers.ArrayPool{T}"/>
/// does not give.
/// </summary>
/// <remarks>
/// Thread-safe and lock-free; renting and returning allocate nothing once a length has been seen. Bounded: arrays under
/// <see cref="MinPooledBytes"/> are not kept (allocating them is cheap), at most <see cref="SlotsPerLength"/> per length,
/// <see cref="MaxLengths"/> lengths and a byte budget in all (<see cref="MaxRetainedBytes"/> for <see cref="Shared"/>).
/// When a returned array does not fit the budget, the arrays of the length rented least recently are let go first, so
/// lengths a past load used (another batch size, another image size) never keep the budget from the lengths in use now;
/// an array is left to the GC only when nothing older than its own length is held. A length seen only once evicts nothing.
/// Ownership: a rented array belongs to the renter until returned; return it only when nothing (a tensor, a native value
/// pinning it, an output aliasing it) can read it any more. Contents of a rented array are undefined.
/// </remarks>
internal sealed class TensorArrayPool
{
    /// <summary>Smallest array kept, in bytes.</summary>
    public const int MinPooledBytes = 16 * 1024;

    /// <summary>Arrays kept per element type and length: as many as requests in flight at a time (each holds its image tensor).</summary>
    public const int SlotsPerLength = 32;

    /// <summary>Distinct element type and length pairs kept.</summary>
    public const int MaxLengths = 256;

    /// <summary>Bytes <see cref="Shared"/> keeps in all.</summary>
    public const long MaxRetainedBytes = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<(Type Type, int Length), Bucket> _buckets = new();
    private readonly long _budget;
    private long _retainedBytes;

    /// <param name="budget">Bytes kept in all.</param>
    public TensorArrayPool(long budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
        _budget = budget;
    }

    /// <summary>The pool the serving functions and the batchers share.</summary>
    public static TensorArrayPool Shared { get; } = new(MaxRetainedBytes);

    /// <summary>Bytes held now.</summary>
    public long RetainedBytes => Volatile.Read(ref _retainedBytes);

    /// <summary>An array of <paramref name="length"/> elements of <paramref name="dataType"/>'s CLR type, reused when one is free.</summary>
    public Array Rent(TensorDataType dataType, long length)
    {
        var type = TensorDataTypes.ClrType(dataType);
        var size = checked((int)length);
        if (Poolable(dataType, size) && _buckets.TryGetValue((type, size), out var bucket))
        {
            // Marked even when empty: a length in demand is the last to lose its arrays.
            Volatile.Write(ref bucket.LastRented, Stopwatch.GetTimestamp());
            if (bucket.TryTake() is { } array)
            {
                Interlocked.Add(ref _retainedBytes, -bucket.ArrayBytes);
                return array;
            }
        }

        return type == typeof(float) ? GC.AllocateUninitializedArray<float>(size) : Array.CreateInstance(type, size);
    }

    /// <summary>Keeps <paramref name="array"/> for a later <see cref="Rent"/> (or leaves it to the GC when the pool is full).</summary>
    public void Return(TensorDataType dataType, Array array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var size = array.Length;
        var type = array.GetType().GetElementType()!;
        if (!Poolable(dataType, size) || type != TensorDataTypes.ClrType(dataType))
        {
            return;
        }

        var bytes = Bytes(dataType, size);
        if (bytes > _budget)
        {
            return;
        }

        if (!_buckets.TryGetValue((type, size), out var bucket))
        {
            if (_buckets.Count >= MaxLengths)
            {
                return;
            }

            bucket = _buckets.GetOrAdd((type, size), static (_, b) => new Bucket(b), bytes);
        }

        if (!Reserve(bucket))
        {
            return;
        }

        if (!bucket.TryPut(array))
        {
            Interlocked.Add(ref _retainedBytes, -bytes);
        }
    }

    /// <summary>Counts <paramref name="bucket"/>'s array against the budget, first letting go of lengths rented less recently when it is full.</summary>
    private bool Reserve(Bucket bucket)
    {
        var bytes = bucket.ArrayBytes;
        for (var attempt = 0; attempt <= MaxLengths; attempt++)
        {
            if (Interlocked.Add(ref _retainedBytes, bytes) <= _budget)
            {
                return true;
            }

            Interlocked.Add(ref _retainedBytes, -bytes);
            if (!EvictOlderThan(Volatile.Read(ref bucket.LastRented), bucket))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Empties the least recently rented bucket that holds arrays and was rented before <paramref name="since"/>.</summary>
    private bool EvictOlderThan(long since, Bucket keep)
    {
        Bucket? victim = null;
        foreach (var entry in _buckets)
        {
            var candidate = entry.Value;
            var rented = Volatile.Read(ref candidate.LastRented);
            if (candidate != keep && rented < since && candidate.Holds() && (victim is null || rented < victim.LastRented))
            {
                victim = candidate;
            }
        }

        if (victim is null)
        {
            return false;
        }

        while (victim.TryTake() is not null)
        {
            Interlocked.Add(ref _retainedBytes, -victim.ArrayBytes);
        }

        return true;
    }

    /// <summary>Numeric arrays large enough to be worth keeping (strings and JSON hold references and are never pooled).</summary>
    private static bool Poolable(TensorDataType dataType, int length) =>
        dataType is not (TensorDataType.String or TensorDataType.Json) && Bytes(dataType, length) >= MinPooledBytes;

    private static long Bytes(TensorDataType dataType, int length) => (long)length * TensorDataTypes.ElementSize(dataType);

    /// <summary>The free arrays of one element type and length.</summary>
    private sealed class Bucket(long arrayBytes)
    {
        private readonly Array?[] _slots = new Array?[SlotsPerLength];

        /// <summary>
        /// <see cref="Stopwatch.GetTimestamp"/> of the last rent; 0 until a rent asks for this length after its first
        /// return, so a length seen once (a one-off image size) never pushes out lengths in use.
        /// </summary>
        public long LastRented;

        public long ArrayBytes { get; } = arrayBytes;

        public Array? TryTake()
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (Volatile.Read(ref _slots[i]) is not null && Interlocked.Exchange(ref _slots[i], null) is { } array)
                {
                    return array;
                }
            }

            return null;
        }

        public bool TryPut(Array array)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (Volatile.Read(ref _slots[i]) is null && Interlocked.CompareExchange(ref _slots[i], array, null) is null)
                {
                    return true;
                }
            }

            return false;
        }

        public bool Holds()
        {
            foreach (var slot in _slots)
            {
                if (Volatile.Read(in slot) is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
