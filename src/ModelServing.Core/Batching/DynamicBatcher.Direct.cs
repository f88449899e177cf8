using System.Diagnostics;
using ModelServing.Core.Runtime;
using ModelServing.Core.Telemetry;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

public sealed partial class DynamicBatcher
{
    private static readonly Action<object?, CancellationToken> s_onDirectCancelled =
        static (state, token) => ((DirectRun)state!).TrySetCanceled(token);

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
        if (cancellationToken.CanBeCanceled)
        {
            // The caller stops waiting at once, even while the run waits for a thread; the runner sees the same token.
            run.Registration = cancellationToken.UnsafeRegister(s_onDirectCancelled, run);
        }

        if (!_executor.TryQueue(run))
        {
            // Only after disposal has drained the executions: a late bypassed call.
            if (inline)
            {
                ReleaseSlot();
            }

            run.Fail(Unloading());
        }

        return run.Task;
    }

    /// <summary>Runs a direct request on the calling execution thread.</summary>
    private void ExecuteDirect(DirectRun run)
    {
        try
        {
            if (run.Task.IsCompleted)
            {
                // The caller left while the run waited for a thread.
                return;
            }

            if (run.Deadline != long.MaxValue && _time.GetUtcNow().UtcTicks >= run.Deadline)
            {
                run.Fail(DeadlineExceeded());
                return;
            }

            if (run.Inline)
            {
                RaiseBatchExecuted((int)run.Rows);
            }

            var pending = RunModelAsync(run.Inputs, run.Rows, run.Parent, null, run.CancellationToken);

            // A runner that completes asynchronously still holds this thread until it ends.
            run.Complete(pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult());
        }
        catch (OperationCanceledException ex)
        {
            run.Cancel(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            run.Fail(ex);
        }
        finally
        {
            if (run.Inline)
            {
                ReleaseSlot();
            }
        }
    }

    /// <summary>Gives back the execution slot of an inline run and wakes the dispatcher for what queued meanwhile.</summary>
    private void ReleaseSlot()
    {
        lock (_lock)
        {
            _running--;
            if (_disposed && _running == 0)
            {
                _drained?.TrySetResult();
            }
        }

        Signal();
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
