using System.Buffers;

namespace ModelServing.Core.PostProcessing;

/// <summary>8-connected regions of a thresholded probability map, found by run-length labelling with union-find.</summary>
/// <remarks>
/// Each row is split into runs of foreground pixels; a run joins every run of the row above that overlaps it or touches it
/// diagonally. Union by lowest run index makes each region's root its first run in raster order, so regions are numbered
/// by their top-most (then left-most) pixel. Time and memory are linear in pixels and runs. Buffers come from
/// <see cref="ArrayPool{T}"/> and go back on <see cref="Dispose"/>; not thread-safe.
/// </remarks>
internal sealed partial class ConnectedRegions : IDisposable
{
    private PixelRun[] _runs;
    private int[] _parent;
    private int _runCount;
    private PixelRun[] _grouped = [];
    private int[] _regionStart = [];

    private ConnectedRegions(int capacity)
    {
        _runs = ArrayPool<PixelRun>.Shared.Rent(capacity);
        _parent = ArrayPool<int>.Shared.Rent(capacity);
    }

    /// <summary>Number of regions.</summary>
    public int Count { get; private set; }

    /// <summary>The runs of region <paramref name="region"/> in raster order.</summary>
    public ReadOnlySpan<PixelRun> Region(int region) =>
        _grouped.AsSpan(_regionStart[region], _regionStart[region + 1] - _regionStart[region]);

    /// <summary>Labels the pixels above <paramref name="threshold"/>, optionally dilated by a 2x2 kernel first.</summary>
    /// <remarks>
    /// The dilation matches OpenCV's <c>dilate</c> with a 2x2 kernel and the default anchor: a pixel is set when it or its
    /// left, upper or upper-left neighbour is above the threshold.
    /// </remarks>
    public static ConnectedRegions Find(ReadOnlySpan<float> map, int height, int width, float threshold, bool dilate)
    {
        var regions = new ConnectedRegions(Math.Max(64, height * 2));
        var mask = ArrayPool<byte>.Shared.Rent(width);
        var above = ArrayPool<byte>.Shared.Rent(width);
        var aboveBefore = ArrayPool<byte>.Shared.Rent(width);
        try
        {
            aboveBefore.AsSpan(0, width).Clear();
            int previousBegin = 0, previousEnd = 0;
            for (var y = 0; y < height; y++)
            {
                var row = map.Slice(y * width, width);
                if (dilate)
                {
                    for (var x = 0; x < width; x++)
                    {
                        above[x] = row[x] > threshold ? (byte)1 : (byte)0;
                    }

                    byte left = 0;
                    for (var x = 0; x < width; x++)
                    {
                        var column = (byte)(above[x] | aboveBefore[x]);
                        mask[x] = (byte)(column | left);
                        left = column;
                    }

                    (above, aboveBefore) = (aboveBefore, above);
                }
                else
                {
                    for (var x = 0; x < width; x++)
                    {
                        mask[x] = row[x] > threshold ? (byte)1 : (byte)0;
                    }
                }

                var begin = regions._runCount;
                regions.AddRuns(mask.AsSpan(0, width), y);
                regions.Connect(previousBegin, previousEnd, begin, regions._runCount);
                (previousBegin, previousEnd) = (begin, regions._runCount);
            }

            regions.Group();
            return regions;
        }
        catch
        {
            regions.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(mask);
            ArrayPool<byte>.Shared.Return(above);
            ArrayPool<byte>.Shared.Return(aboveBefore);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Return(ref _runs);
        Return(ref _parent);
        Return(ref _grouped);
        Return(ref _regionStart);
    }

    private static void Return<T>(ref T[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        array = [];
    }
}
