using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelServing.Imaging.Resizing;

/// <summary>The two passes of the separable resize: vertical over 8-bit rows (SIMD), horizontal over one row.</summary>
/// <remarks>
/// Both passes accumulate in double precision: with an area filter shrinking a wide image an output sums hundreds of
/// taps, and float accumulation would drift past 1e-4 of the 0..255 scale. The vertical pass is memory-bound and the
/// horizontal one output-sized, so doubles cost little.
/// </remarks>
internal static unsafe class Resampler
{
    /// <summary>destination[i] = weight * source[i] (first tap) or destination[i] += weight * source[i].</summary>
    public static void VerticalTap(byte* source, double* destination, int count, double weight, bool first)
    {
        var i = 0;
        if (Avx2.IsSupported && Fma.IsSupported)
        {
            var w = Vector256.Create(weight);
            if (first)
            {
                for (; i <= count - 8; i += 8)
                {
                    var low = Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(source + i));
                    var high = Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(source + i + 4));
                    Avx.Store(destination + i, Avx.Multiply(low, w));
                    Avx.Store(destination + i + 4, Avx.Multiply(high, w));
                }
            }
            else
            {
                for (; i <= count - 8; i += 8)
                {
                    var low = Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(source + i));
                    var high = Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(source + i + 4));
                    Avx.Store(destination + i, Fma.MultiplyAdd(low, w, Avx.LoadVector256(destination + i)));
                    Avx.Store(destination + i + 4, Fma.MultiplyAdd(high, w, Avx.LoadVector256(destination + i + 4)));
                }
            }
        }

        if (first)
        {
            for (; i < count; i++)
            {
                destination[i] = weight * source[i];
            }
        }
        else
        {
            for (; i < count; i++)
            {
                destination[i] = Math.FusedMultiplyAdd(source[i], weight, destination[i]);
            }
        }
    }

    /// <summary>Resamples one row of interleaved <paramref name="channels"/> along x into planar <paramref name="output"/>.</summary>
    /// <param name="row">Source pixels from <see cref="AxisWeights.SourceMin"/> on, channels interleaved.</param>
    /// <param name="channels">1 or 3.</param>
    /// <param name="weights">The x coefficients.</param>
    /// <param name="output">channels planes of weights.Count floats (R plane, G plane, B plane), so writers read contiguously.</param>
    public static void Horizontal(double* row, int channels, in AxisWeights weights, float* output)
    {
        var taps = weights.Taps;
        var origin = weights.SourceMin;
        fixed (int* starts = weights.Starts)
        fixed (float* coefficients = weights.Weights)
        {
            var count = weights.Count;
            if (channels == 3 && taps == 2)
            {
                // Bilinear: two taps, unrolled.
                for (var i = 0; i < count; i++)
                {
                    var pixel = row + ((starts[i] - origin) * 3);
                    double w0 = coefficients[2 * i], w1 = coefficients[(2 * i) + 1];
                    output[i] = (float)((pixel[0] * w0) + (pixel[3] * w1));
                    output[count + i] = (float)((pixel[1] * w0) + (pixel[4] * w1));
                    output[(2 * count) + i] = (float)((pixel[2] * w0) + (pixel[5] * w1));
                }
            }
            else if (channels == 3)
            {
                for (var i = 0; i < count; i++)
                {
                    var pixel = row + ((starts[i] - origin) * 3);
                    var w = coefficients + (i * taps);
                    double r = 0, g = 0, b = 0;
                    for (var k = 0; k < taps; k++)
                    {
                        double c = w[k];
                        r = Math.FusedMultiplyAdd(pixel[0], c, r);
                        g = Math.FusedMultiplyAdd(pixel[1], c, g);
                        b = Math.FusedMultiplyAdd(pixel[2], c, b);
                        pixel += 3;
                    }

                    output[i] = (float)r;
                    output[count + i] = (float)g;
                    output[(2 * count) + i] = (float)b;
                }
            }
            else
            {
                for (var i = 0; i < weights.Count; i++)
                {
                    var pixel = row + (starts[i] - origin);
                    var w = coefficients + (i * taps);
                    double v = 0;
                    for (var k = 0; k < taps; k++)
                    {
                        v = Math.FusedMultiplyAdd(pixel[k], w[k], v);
                    }

                    output[i] = (float)v;
                }
            }
        }
    }
}
