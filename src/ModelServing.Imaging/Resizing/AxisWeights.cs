using System.Buffers;

namespace ModelServing.Imaging.Resizing;

/// <summary>Resampling coefficients for one axis: for each output pixel, a fixed number of taps from a start index.</summary>
/// <remarks>
/// Computed in double precision and stored as float; every output's weights sum to 1 and never reach outside the source
/// (short windows are padded with zero weights inside it). Arrays are rented from the shared pools: dispose once.
/// </remarks>
internal readonly struct AxisWeights : IDisposable
{
    private AxisWeights(int[] starts, float[] weights, int taps, int count, int sourceMin, int sourceMax)
    {
        Starts = starts;
        Weights = weights;
        Taps = taps;
        Count = count;
        SourceMin = sourceMin;
        SourceMax = sourceMax;
    }

    /// <summary>Per output pixel, the source index of its first tap.</summary>
    public int[] Starts { get; }

    /// <summary><see cref="Count"/> x <see cref="Taps"/> weights.</summary>
    public float[] Weights { get; }

    public int Taps { get; }

    public int Count { get; }

    /// <summary>The first source index any output reads.</summary>
    public int SourceMin { get; }

    /// <summary>One past the last source index any output reads.</summary>
    public int SourceMax { get; }

    /// <summary>Coefficients for outputs <paramref name="first"/> .. first + count - 1.</summary>
    /// <param name="interpolation">The filter.</param>
    /// <param name="sourceLength">Source pixels on this axis.</param>
    /// <param name="sourcePerOutput">Source pixels per output pixel (in / out; adjusted for DCT scaling).</param>
    /// <param name="first">The first output index computed (outputs before it are cropped away).</param>
    /// <param name="count">How many outputs.</param>
    public static AxisWeights Create(Interpolation interpolation, int sourceLength, double sourcePerOutput, int first, int count)
    {
        var taps = interpolation == Interpolation.Bilinear
            ? Math.Min(2, sourceLength)
            : (int)Math.Min(sourceLength, Math.Ceiling(sourcePerOutput) + 1);
        var starts = ArrayPool<int>.Shared.Rent(count);
        var weights = ArrayPool<float>.Shared.Rent(count * taps);
        double[]? rented = null;
        var window = (taps <= 64 ? stackalloc double[64] : (rented = ArrayPool<double>.Shared.Rent(taps)))[..taps];
        int sourceMin = int.MaxValue, sourceMax = 0;
        for (var i = 0; i < count; i++)
        {
            window.Clear();
            var start = interpolation == Interpolation.Bilinear
                ? Bilinear(first + i, sourceLength, sourcePerOutput, taps, window)
                : Area(first + i, sourceLength, sourcePerOutput, taps, window);
            starts[i] = start;
            sourceMin = Math.Min(sourceMin, start);
            sourceMax = Math.Max(sourceMax, start + taps);
            var row = weights.AsSpan(i * taps, taps);
            for (var k = 0; k < taps; k++)
            {
                row[k] = (float)window[k];
            }
        }

        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }

        return new AxisWeights(starts, weights, taps, count, count == 0 ? 0 : sourceMin, sourceMax);
    }

    public void Dispose()
    {
        if (Starts is not null)
        {
            ArrayPool<int>.Shared.Return(Starts);
            ArrayPool<float>.Shared.Return(Weights);
        }
    }

    /// <summary>Half-pixel-centre bilinear (TF2 / OpenCV): centre = (x + 0.5) * scale - 0.5, neighbours clamped to the edge.</summary>
    private static int Bilinear(int output, int length, double scale, int taps, Span<double> window)
    {
        var centre = ((output + 0.5) * scale) - 0.5;
        var floor = Math.Floor(centre);
        var fraction = centre - floor;
        var low = (int)Math.Clamp(floor, 0, length - 1);
        var high = (int)Math.Clamp(floor + 1, 0, length - 1);
        var start = Math.Min(low, length - taps);
        window[low - start] += 1 - fraction;
        window[high - start] += fraction;
        return start;
    }

    /// <summary>Box filter: the output covers source [x * scale, (x + 1) * scale); each pixel weighs its overlap.</summary>
    private static int Area(int output, int length, double scale, int taps, Span<double> window)
    {
        var from = Math.Min(output * scale, length);
        var to = Math.Min((output + 1) * scale, length);
        var first = Math.Min((int)Math.Floor(from), length - 1);
        var last = Math.Max(first + 1, Math.Min(length, (int)Math.Ceiling(to)));
        var start = Math.Clamp(first, 0, length - taps);
        var total = 0.0;
        for (var j = first; j < last; j++)
        {
            var overlap = Math.Min(to, j + 1) - Math.Max(from, j);
            if (overlap > 0)
            {
                window[j - start] += overlap;
                total += overlap;
            }
        }

        if (total <= 0)
        {
            window[first - start] = 1;
            return start;
        }

        for (var k = 0; k < taps; k++)
        {
            window[k] /= total;
        }

        return start;
    }
}
