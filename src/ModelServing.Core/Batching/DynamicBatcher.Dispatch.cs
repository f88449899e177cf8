using System.Diagnostics;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    private readonly Stack<Batch> _freeBatches = new();

    /// <summary>Batches executing now (at most MaxConcurrentExecutions); changed only under the lock.</summary>
    private readonly List<Batch> _runningBatches = [];

    /// <summary>Expires overdue requests, starts every batch that is due while executions are free, and arms the timer.</summary>
    private void DispatchPass()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var nowUtc = _time.GetUtcNow().UtcTicks;
            if (Interlocked.Exchange(ref _timerFired, 0) == 1 || now >= _timerDue)
            {
                _timerDue = long.MaxValue;
            }

            if (nowUtc >= _nextDeadline)
            {
                ExpireQueued(nowUtc);
            }

            var wait = TimeSpan.MaxValue;
            while (_running < _options.MaxConcurrentExecutions)
            {
                var group = SelectDueGroup(now, out var take, out wait);
                if (group is null)
                {
                    break;
                }

                StartBatch(group, take);
            }

            if (_running >= _options.MaxConcurrentExecutions)
            {
                // Nothing can start before an execution finishes, and finishing wakes the loop.
                wait = TimeSpan.MaxValue;
            }

            if (_nextDeadline != long.MaxValue)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, _nextDeadline - nowUtc));
            }

            ArmTimer(now, wait);
        }
    }

    /// <summary>
    /// The due group whose oldest request is oldest, with how many of its requests to take; null when none is due, with
    /// the time until the first one will be.
    /// </summary>
    private Group? SelectDueGroup(long now, out int take, out TimeSpan wait)
    {
        Group? selected = null;
        take = 0;
        wait = TimeSpan.MaxValue;
        foreach (var group in _groups)
        {
            var count = Plan(group, now, out var groupWait);
            if (count == 0)
            {
                wait = groupWait < wait ? groupWait : wait;
            }
            else if (selected is null || group.Head!.Sequence < selected.Head!.Sequence)
            {
                selected = group;
                take = count;
            }
        }

        return selected;
    }

    /// <summary>How many requests from the head of <paramref name="group"/> form a batch now, or 0 and how long to wait.</summary>
    /// <remarks>
    /// In queue order, each request adds its next chunk while it fits. Due: the batch is full (MaxBatchSize, or the next
    /// request does not fit); else the largest preferred size reached at a request boundary; else everything once the
    /// oldest request has waited MaxQueueDelay.
    /// </remarks>
    private int Plan(Group group, long now, out TimeSpan wait)
    {
        wait = TimeSpan.MaxValue;
        int rows = 0, count = 0, preferredCount = 0;
        for (var request = group.Head; request is not null; request = request.Next)
        {
            var size = request.NextChunkRows;
            if (rows + size > _maxBatchSize)
            {
                return count;
            }

            rows += size;
            count++;
            if (rows == _maxBatchSize)
            {
                return count;
            }

            if (_preferred[rows])
            {
                preferredCount = count;
            }
        }

        if (preferredCount > 0)
        {
            return preferredCount;
        }

        var waited = _time.GetElapsedTime(group.Head!.EnqueuedAt, now);
        if (waited >= _options.MaxQueueDelay)
        {
            return count;
        }

        wait = _options.MaxQueueDelay - waited;
        return 0;
    }

    /// <summary>Moves the next chunk of the first <paramref name="take"/> requests into a batch and queues its execution.</summary>
    private void StartBatch(Group group, int take)
    {
        var batch = _freeBatches.Count > 0 ? _freeBatches.Pop() : new Batch(this);
        var request = group.Head;
        for (var i = 0; i < take; i++)
        {
            var following = request!.Next;
            var rows = request.NextChunkRows;
            batch.Segments.Add(new Segment(request, request.NextChunk, (long)request.NextChunk * _maxBatchSize, rows));
            batch.Rows += rows;
            if (++request.NextChunk == request.ChunkCount)
            {
                RemoveQueued(request);
            }
            else
            {
                // Round robin: a split request queues its next chunk behind the requests that arrived meanwhile, in its
                // group and (by its new sequence) among the groups, so a small request waits for about one chunk, not all.
                request.Sequence = ++_sequence;
                if (request.Next is not null)
                {
                    group.Remove(request);
                    group.Append(request);
                }
            }

            request = following;
        }

        _running++;
        _runningBatches.Add(batch);

        // Never refused: the executor stops only after disposal, which stops the dispatcher first.
        var queued = _executor.TryQueue(batch);
        Debug.Assert(queued, "The executor stopped before the batcher.");
    }
}
