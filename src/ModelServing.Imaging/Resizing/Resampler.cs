using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelServing.Imaging.Resizing;

/// <summary>The two passes of the separable resize: vertical over 8-bit rows, horizontal over one float row.</summary>
/// <remarks>
/// Both passes accumulate in double precision and round once to float: an area filter shrinking a wide image sums
/// hundreds of taps, and float accumulation would drift past 1e-4 of the 0..255 scale. The vertical pass keeps 8 columns
/// in registers across all its taps (AVX2); the horizontal pass computes one RGB pixel per 4-lane vector.
/// </remarks>
internal static unsafe class Resampler
{
    /// <summary>Extra floats the horizontal pass may read past a row's last pixel (a 4-lane load of the last RGB pixel).</summary>
    public const int RowSlack = 4;

    /// <summary>destination[i] = sum over k of weights[k] * rows[k][i], rows <paramref name="stride"/> bytes apart.</summary>
    /// <param name="first">The first source row (at the first column used).</param>
    /// <param name="stride">Bytes between source rows.</param>
    /// <param name="weights">One weight per row.</param>
    /// <param name="taps">Rows.</param>
    /// <param name="destination">count floats.</param>
    /// <param name="count">Bytes per row used (pixels x channels).</param>
    public static void Vertical(byte* first, long stride, float* weights, int taps, float* destination, int count)
    {
        var i = 0;
        if (Avx2.IsSupported && Fma.IsSupported && taps == 2)
        {
            // Bilinear: two rows, weights hoisted.
            var w0 = Vector256.Create((double)weights[0]);
            var w1 = Vector256.Create((double)weights[1]);
            var second = first + stride;
            for (; i <= count - 8; i += 8)
            {
                var low = Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(first + i)) * w0;
                var high = Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(first + i + 4)) * w0;
                low = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(second + i)), w1, low);
                high = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(second + i + 4)), w1, high);
                Sse.Store(destination + i, Avx.ConvertToVector128Single(low));
                Sse.Store(destination + i + 4, Avx.ConvertToVector128Single(high));
            }
        }
        else if (Avx2.IsSupported && Fma.IsSupported)
        {
            for (; i <= count - 8; i += 8)
            {
                var low = Vector256<double>.Zero;
                var high = Vector256<double>.Zero;
                var row = first + i;
                for (var k = 0; k < taps; k++, row += stride)
                {
                    var w = Vector256.Create((double)weights[k]);
                    low = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(row)), w, low);
                    high = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(row + 4)), w, high);
                }

                Sse.Store(destination + i, Avx.ConvertToVector128Single(low));
                Sse.Store(destination + i + 4, Avx.ConvertToVector128Single(high));
            }
        }

        for (; i < count; i++)
        {
            var sum = 0.0;
            var row = first + i;
            for (var k = 0; k < taps; k++, row += stride)
            {
                sum = Math.FusedMultiplyAdd(*row, weights[k], sum);
            }

            destination[i] = (float)sum;
        }
    }

    /// <summary>Resamples one row of interleaved <paramref name="channels"/> along x into planar <paramref name="output"/>.</summary>
    /// <param name="row">Source pixels from <see cref="AxisWeights.SourceMin"/> on, channels interleaved, with <see cref="RowSlack"/> floats after.</param>
    /// <param name="channels">1 or 3.</param>
    /// <param name="weights">The x coefficients.</param>
    /// <param name="output">channels planes of weights.Count floats (R plane, G plane, B plane), so writers read contiguously.</param>
    public static void Horizontal(float* row, int channels, in AxisWeights weights, float* output)
    {
        fixed (int* starts = weights.Starts)
        fixed (float* coefficients = weights.Weights)
        {
            if (channels == 3 && Avx.IsSupported && Fma.IsSupported)
            {
                HorizontalRgb(row, starts, coefficients, weights.Taps, weights.SourceMin, weights.Count, output);
            }
            else
            {
                HorizontalScalar(row, channels, starts, coefficients, weights.Taps, weights.SourceMin, weights.Count, output);
            }
        }
    }

    private static void HorizontalRgb(float* row, int* starts, float* coefficients, int taps, int origin, int count, float* output)
    {
        float* green = output + count, blue = output + (2 * count);
        for (var i = 0; i < count; i++)
        {
            // Lanes r, g, b and the next pixel's r (weighted but never stored).
            var pixel = row + ((starts[i] - origin) * 3);
            var w = coefficients + (i * taps);
            var sum = Avx.ConvertToVector256Double(Sse.LoadVector128(pixel)) * Vector256.Create((double)w[0]);
            for (var k = 1; k < taps; k++)
            {
                pixel += 3;
                sum = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse.LoadVector128(pixel)), Vector256.Create((double)w[k]), sum);
            }

            var rgb = Avx.ConvertToVector128Single(sum);
            output[i] = rgb.ToScalar();
            green[i] = rgb.GetElement(1);
            blue[i] = rgb.GetElement(2);
        }
    }

    private static void HorizontalScalar(float* row, int channels, int* starts, float* coefficients, int taps, int origin, int count, float* output)
    {
        for (var i = 0; i < count; i++)
        {
            var w = coefficients + (i * taps);
            for (var c = 0; c < channels; c++)
            {
                var pixel = row + ((starts[i] - origin) * channels) + c;
                var sum = 0.0;
                for (var k = 0; k < taps; k++, pixel += channels)
                {
                    sum = Math.FusedMultiplyAdd(*pixel, w[k], sum);
                }

                output[(c * count) + i] = (float)sum;
            }
        }
    }
}
