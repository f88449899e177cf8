using System.Diagnostics;
using ModelServing.Core.Runtime;
using ModelServing.Core.Telemetry;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    private static readonly Action<object?, CancellationToken> s_onDirectCancelled =
        static (state, token) => ((DirectRun)state!).TrySetCanceled(token);

    private static readonly Func<Task, bool> s_completed = static task => task.IsCompleted;

    /// <summary>Longest time the previous direct run may have taken on its thread for its successor's caller to spin.</summary>
    private static readonly long s_quickRunTicks = Stopwatch.Frequency / 40_000;

    /// <summary>How a caller waits for a direct run it expects to be quick: spinning for up to 50 us.</summary>
    /// <remarks>
    /// Covers waking a sleeping execution thread (about 10 us here) and a small model's run; a run that answers within it
    /// saves the caller a suspension (a boxed state machine per async frame up the request path) and the hop back through
    /// the thread pool. Shared by the callers, of which only one spins at a time. A mutable struct: never readonly.
    /// </remarks>
    private AdaptiveSpin _callerSpin = new(microseconds: 50);

    /// <summary>Direct runs queued or running: the caller of the only one may spin, the others' callers never do.</summary>
    private int _directRuns;

    /// <summary>Timestamp ticks the last direct run took on its thread; the next caller spins only after a quick one.</summary>
    private long _lastDirectRunTicks;

    /// <summary>
    /// With no queue delay, nothing queued and an execution slot free, a request is a batch of its own that would start at
    /// once: it goes straight to an execution thread, saving the dispatcher's thread hop. Takes the slot when it returns true.
    /// </summary>
    private bool TryStartInline(long rows)
    {
        if (_options.MaxQueueDelay != TimeSpan.Zero || rows > _maxBatchSize)
        {
            return false;
        }

        lock (_lock)
        {
            if (_disposed || _queued > 0 || _running >= _options.MaxConcurrentExecutions)
            {
                return false;
            }

            _running++;
            return true;
        }
    }

    /// <summary>
    /// Runs one request alone on an execution thread, with the caller's inputs and token: bypassed (not queued, not counted),
    /// or <paramref name="inline"/> in the execution slot <see cref="TryStartInline"/> took.
    /// </summary>
    private Task<IReadOnlyDictionary<string, TensorData>> RunDirect(
        IReadOnlyDictionary<string, TensorData> inputs, long rows, long deadline, bool inline, CancellationToken cancellationToken)
    {
        if (!inline && Volatile.Read(ref _disposed))
        {
            return Task.FromException<IReadOnlyDictionary<string, TensorData>>(Unloading());
        }

        var run = new DirectRun(this, inputs, rows, deadline, inline, cancellationToken);
        var alone = Interlocked.Increment(ref _directRuns) == 1;
        if (cancellationToken.CanBeCanceled)
        {
            // The caller stops waiting at once, even while the run waits for a thread; the runner sees the same token.
            run.Registration = cancellationToken.UnsafeRegister(s_onDirectCancelled, run);
        }

        if (!_executor.TryQueue(run))
        {
            // Only after disposal has drained the executions: a late bypassed call.
            Interlocked.Decrement(ref _directRuns);
            if (inline)
            {
                ReleaseSlot();
            }

            run.Fail(Unloading());
        }
        else if (alone && Volatile.Read(ref _lastDirectRunTicks) < s_quickRunTicks)
        {
            // Nothing else direct is running and the model has been quick: the answer is likely back within the spin.
            // Bounded, and only for one caller at a time, so it never holds the thread pool the way a blocking run would.
            _callerSpin.Spin<Task>(run.Task, s_completed);
        }

        return run.Task;
    }

    /// <summary>Runs a direct request on the calling execution thread.</summary>
    private void ExecuteDirect(DirectRun run)
    {
        IReadOnlyDictionary<string, TensorData>? outputs = null;
        Exception? failure = null;
        try
        {
            // Not when the caller left while the run waited for a thread.
            if (!run.Task.IsCompleted)
            {
                outputs = RunDirectModel(run);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // Books first, answer last: a caller that sends its next request at once finds the slot free and its run alone.
        Interlocked.Decrement(ref _directRuns);
        if (run.Inline)
        {
            ReleaseSlot();
        }

        if (failure is OperationCanceledException cancelled)
        {
            run.Cancel(cancelled.CancellationToken);
        }
        else if (failure is not null)
        {
            run.Fail(failure);
        }
        else if (outputs is not null)
        {
            run.Complete(outputs);
        }
    }

    private IReadOnlyDictionary<string, TensorData> RunDirectModel(DirectRun run)
    {
        if (run.Deadline != long.MaxValue && _time.GetUtcNow().UtcTicks >= run.Deadline)
        {
            throw DeadlineExceeded();
        }

        if (run.Inline)
        {
            RaiseBatchExecuted((int)run.Rows);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var pending = RunModelAsync(run.Inputs, run.Rows, run.Parent, null, run.CancellationToken);

            // A runner that completes asynchronously still holds this thread until it ends.
            return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            Volatile.Write(ref _lastDirectRunTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    /// <summary>Gives back the execution slot of an inline run and wakes the dispatcher if requests queued meanwhile.</summary>
    private void ReleaseSlot()
    {
        bool queued;
        lock (_lock)
        {
            _running--;
            if (_disposed && _running == 0)
            {
                _drained?.TrySetResult();
            }

            // Requests queued while every slot was taken wait for this wake-up; with none queued, the dispatcher has nothing
            // to do, and not waking it spares a thread-pool work item per request.
            queued = _queued > 0;
        }

        if (queued)
        {
            Signal();
        }
    }

    /// <summary>A request that runs alone without being queued; its own completion source, as <see cref="Request"/> is.</summary>
    /// <remarks>Continuations run asynchronously: the caller never resumes on the execution thread.</remarks>
    private sealed class DirectRun : TaskCompletionSource<IReadOnlyDictionary<string, TensorData>>, IExecutionWork
    {
        public DirectRun(
            DynamicBatcher batcher, IReadOnlyDictionary<string, TensorData> inputs, long rows, long deadline, bool inline, CancellationToken cancellationToken)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            Batcher = batcher;
            Inputs = inputs;
            Rows = rows;
            Deadline = deadline;
            Inline = inline;
            CancellationToken = cancellationToken;
            if (ServingTelemetry.Source.HasListeners())
            {
                Parent = Activity.Current?.Context ?? default;
            }
        }

        public DynamicBatcher Batcher { get; }

        public IReadOnlyDictionary<string, TensorData> Inputs { get; }

        /// <summary>The request's rows when it runs inline; 0 when bypassed.</summary>
        public long Rows { get; }

        /// <summary>UTC ticks after which the run must not start; <see cref="long.MaxValue"/> for none.</summary>
        public long Deadline { get; }

        /// <summary>True when the run holds one of the batcher's execution slots.</summary>
        public bool Inline { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>The caller's span, for the inference span; default when nobody traces.</summary>
        public ActivityContext Parent { get; }

        public CancellationTokenRegistration Registration;

        public void Execute() => Batcher.ExecuteDirect(this);

        public void Complete(IReadOnlyDictionary<string, TensorData> outputs)
        {
            TrySetResult(outputs);
            Registration.Unregister();
        }

        public void Fail(Exception exception)
        {
            TrySetException(exception);
            Registration.Unregister();
        }

        public void Cancel(CancellationToken token)
        {
            TrySetCanceled(token);
            Registration.Unregister();
        }
    }
}
