using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    private const int GroupPoolSize = 8;

    private static readonly Action<object?, CancellationToken> s_onCancelled =
        static (state, token) => ((Request)state!).Batcher.Cancel((Request)state!, token);

    private readonly List<Group> _groups = [];
    private readonly Stack<Group> _freeGroups = new();

    /// <summary>Earliest deadline of a queued request (UTC ticks), or a little earlier after requests left the queue.</summary>
    private long _nextDeadline = long.MaxValue;

    private Task<IReadOnlyDictionary<string, TensorData>> Enqueue(
        IReadOnlyDictionary<string, TensorData> inputs, long rows, int groupHash, long deadline, CancellationToken cancellationToken)
    {
        var request = new Request(this, inputs, rows, groupHash, deadline);
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before the request is visible to the dispatcher, so every completion path sees the registration.
            request.Registration = cancellationToken.UnsafeRegister(s_onCancelled, request);
        }

        Exception? rejection = null;
        lock (_lock)
        {
            if (_disposed)
            {
                rejection = Unloading();
            }
            else if (request.Cancelled)
            {
                return request.Task;
            }
            else if (_queued >= _options.MaxQueueSize)
            {
                rejection = QueueFull();
            }
            else
            {
                request.Sequence = ++_sequence;
                request.EnqueuedAt = _time.GetTimestamp();
                FindGroup(request).Append(request);
                _queued++;
                _nextDeadline = Math.Min(_nextDeadline, deadline);
            }
        }

        if (rejection is null)
        {
            Signal();
        }
        else
        {
            request.Fail(rejection);
        }

        return request.Task;
    }

    private void Cancel(Request request, CancellationToken token)
    {
        bool removed;
        lock (_lock)
        {
            request.Cancelled = true;
            removed = RemoveQueued(request);
            StopAbandonedBatches(request);
        }

        // Once a chunk has started, the execution carries on for the other requests; this caller stops waiting now.
        request.TrySetCanceled(token);
        if (removed)
        {
            // The queue changed shape: a preferred batch size may now be reachable.
            Signal();
        }
    }

    /// <summary>Stops the running batches that hold <paramref name="request"/> and no request still waiting. Caller holds the lock.</summary>
    /// <remarks>Cancelling runs the runner's registrations (ONNX Runtime's terminate flag) at once; they take no lock of ours.</remarks>
    private void StopAbandonedBatches(Request request)
    {
        foreach (var batch in _runningBatches)
        {
            if (!batch.Abandoned.IsCancellationRequested && Holds(batch, request) && batch.EveryRequestGone())
            {
                batch.Abandoned.Cancel();
            }
        }

        static bool Holds(Batch batch, Request request)
        {
            foreach (var segment in batch.Segments)
            {
                if (segment.Request == request)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Fails a request after one of its chunks failed; its chunks still queued never run.</summary>
    private void Abandon(Request request, Exception exception)
    {
        if (request.ChunkCount > 1)
        {
            lock (_lock)
            {
                RemoveQueued(request);
            }
        }

        request.Fail(exception);
    }

    /// <summary>Takes the request out of the queue if any of its chunks is still there. Caller holds the lock.</summary>
    private bool RemoveQueued(Request request)
    {
        var group = request.Group;
        if (group is null)
        {
            return false;
        }

        group.Remove(request);
        _queued--;
        if (group.Count == 0)
        {
            ReleaseGroup(group);
        }

        return true;
    }

    /// <summary>Fails queued requests whose deadline has passed and recomputes the earliest deadline. Caller holds the lock.</summary>
    private void ExpireQueued(long now)
    {
        var next = long.MaxValue;
        var expired = 0;
        for (var i = _groups.Count - 1; i >= 0; i--)
        {
            var group = _groups[i];
            for (var request = group.Head; request is not null;)
            {
                var following = request.Next;
                if (request.Deadline <= now)
                {
                    RemoveQueued(request);
                    request.Fail(DeadlineExceeded());
                    expired++;
                }
                else
                {
                    next = Math.Min(next, request.Deadline);
                }

                request = following;
            }
        }

        _nextDeadline = next;
        if (expired > 0)
        {
            Log.RequestsExpired(_logger, expired);
        }
    }

    /// <summary>Empties the queue into <paramref name="requests"/>. Caller holds the lock.</summary>
    private void TakeAllQueued(List<Request> requests)
    {
        for (var i = _groups.Count - 1; i >= 0; i--)
        {
            var group = _groups[i];
            while (group.Head is { } request)
            {
                requests.Add(request);
                RemoveQueued(request);
            }
        }
    }

    /// <summary>The group of queued requests that may share a batch with <paramref name="request"/>, created if needed.</summary>
    private Group FindGroup(Request request)
    {
        foreach (var group in _groups)
        {
            if (group.Hash == request.GroupHash && _layout.Compatible(group.Head!.Inputs, request.Inputs))
            {
                return group;
            }
        }

        var created = _freeGroups.Count > 0 ? _freeGroups.Pop() : new Group();
        created.Hash = request.GroupHash;
        _groups.Add(created);
        return created;
    }

    private void ReleaseGroup(Group group)
    {
        var index = _groups.IndexOf(group);
        _groups[index] = _groups[^1];
        _groups.RemoveAt(_groups.Count - 1);
        if (_freeGroups.Count < GroupPoolSize)
        {
            _freeGroups.Push(group);
        }
    }
}
