namespace ModelServing.LoadGen.Measurement;

/// <summary>
/// A log-linear latency histogram in microseconds, after HdrHistogram: exact below 256 µs, then 128 linear sub-buckets per
/// power of two, so every recorded value is known within 0.8 %.
/// </summary>
/// <remarks>Not thread-safe: give each worker its own and <see cref="Add"/> them at the end. Values above ~12.7 days are clamped.</remarks>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int LinearLimit = 2 * SubBuckets;
    private const int MaxShift = 33;
    private readonly long[] _counts = new long[LinearLimit + (MaxShift * SubBuckets)];

    /// <summary>Number of recorded values.</summary>
    public long Count { get; private set; }

    /// <summary>Largest recorded value (exact), in microseconds.</summary>
    public long Max { get; private set; }

    /// <summary>Smallest recorded value (exact), in microseconds; 0 when empty.</summary>
    public long Min => Count == 0 ? 0 : _min;

    /// <summary>Mean of the recorded values (exact), in microseconds.</summary>
    public double Mean => Count == 0 ? 0 : (double)_sum / Count;

    private long _min = long.MaxValue;
    private long _sum;

    /// <summary>Records one latency.</summary>
    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, MaxValue);
        _counts[IndexOf(value)]++;
        Count++;
        _sum += value;
        Max = Math.Max(Max, value);
        _min = Math.Min(_min, value);
    }

    /// <summary>Records a latency measured in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public void RecordTicks(long stopwatchTicks) =>
        Record((long)(stopwatchTicks * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _sum += other._sum;
        Max = Math.Max(Max, other.Max);
        _min = Math.Min(_min, other._min);
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0-100): the highest value equivalent to the recorded one at that rank,
    /// never above <see cref="Max"/>. 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(i), Max);
            }
        }

        return Max;
    }

    private static long MaxValue => ((long)LinearLimit << MaxShift) - 1;

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        // Keep the top SubBucketBits + 1 bits: value >> shift lies in [SubBuckets, 2 * SubBuckets).
        var shift = (63 - (int)long.LeadingZeroCount(value)) - SubBucketBits;
        var top = (int)(value >> shift);
        return LinearLimit + ((shift - 1) * SubBuckets) + (top - SubBuckets);
    }

    private static long HighestEquivalent(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = ((index - LinearLimit) / SubBuckets) + 1;
        var top = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return ((long)(top + 1) << shift) - 1;
    }
}
