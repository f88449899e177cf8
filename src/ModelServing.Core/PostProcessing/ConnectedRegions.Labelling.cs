using System.Buffers;

namespace ModelServing.Core.PostProcessing;

/// <summary>Run extraction, union-find and grouping of runs by region.</summary>
internal sealed partial class ConnectedRegions
{
    private void AddRuns(ReadOnlySpan<byte> mask, int y)
    {
        var x = 0;
        while (true)
        {
            var start = mask[x..].IndexOf((byte)1);
            if (start < 0)
            {
                return;
            }

            start += x;
            var length = mask[start..].IndexOf((byte)0);
            var end = length < 0 ? mask.Length - 1 : start + length - 1;
            if (_runCount == _runs.Length)
            {
                Grow();
            }

            _runs[_runCount] = new PixelRun(y, start, end);
            _parent[_runCount] = _runCount;
            _runCount++;
            x = end + 1;
            if (x >= mask.Length)
            {
                return;
            }
        }
    }

    // Unites runs of the current row with the runs of the row above they touch (8-connectivity: overlap widened by 1).
    private void Connect(int previousBegin, int previousEnd, int currentBegin, int currentEnd)
    {
        var first = previousBegin;
        for (var i = currentBegin; i < currentEnd; i++)
        {
            var run = _runs[i];
            while (first < previousEnd && _runs[first].End < run.Start - 1)
            {
                first++;
            }

            for (var j = first; j < previousEnd && _runs[j].Start <= run.End + 1; j++)
            {
                Union(i, j);
            }
        }
    }

    private int Root(int run)
    {
        while (_parent[run] != run)
        {
            _parent[run] = _parent[_parent[run]];
            run = _parent[run];
        }

        return run;
    }

    private void Union(int a, int b)
    {
        var rootA = Root(a);
        var rootB = Root(b);
        if (rootA < rootB)
        {
            _parent[rootB] = rootA;
        }
        else if (rootB < rootA)
        {
            _parent[rootA] = rootB;
        }
    }

    // Numbers regions by their root run and copies the runs into one contiguous, raster-ordered block per region.
    private void Group()
    {
        var count = 0;
        for (var i = 0; i < _runCount; i++)
        {
            // Parents never point forward (union keeps the lower root, halving only shortens), so the parent of run i
            // was relabelled earlier in this loop and already holds its region number, stored as ~region.
            var parent = _parent[i];
            _parent[i] = parent == i ? ~count++ : _parent[parent];
        }

        Count = count;
        _regionStart = ArrayPool<int>.Shared.Rent(count + 1);
        _regionStart.AsSpan(0, count + 1).Clear();
        for (var i = 0; i < _runCount; i++)
        {
            _regionStart[~_parent[i] + 1]++;
        }

        for (var r = 0; r < count; r++)
        {
            _regionStart[r + 1] += _regionStart[r];
        }

        _grouped = ArrayPool<PixelRun>.Shared.Rent(Math.Max(1, _runCount));
        var next = ArrayPool<int>.Shared.Rent(count + 1);
        try
        {
            _regionStart.AsSpan(0, count).CopyTo(next);
            for (var i = 0; i < _runCount; i++)
            {
                _grouped[next[~_parent[i]]++] = _runs[i];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
        }
    }

    private void Grow()
    {
        var size = _runs.Length * 2;
        var runs = ArrayPool<PixelRun>.Shared.Rent(size);
        var parent = ArrayPool<int>.Shared.Rent(size);
        _runs.AsSpan(0, _runCount).CopyTo(runs);
        _parent.AsSpan(0, _runCount).CopyTo(parent);
        ArrayPool<PixelRun>.Shared.Return(_runs);
        ArrayPool<int>.Shared.Return(_parent);
        _runs = runs;
        _parent = parent;
    }
}
