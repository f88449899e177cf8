using Microsoft.Extensions.Logging;

namespace ModelServing.Core.Runtime;

/// <summary>Runs model executions on threads it owns, at most a fixed number at once, in the order they were queued.</summary>
/// <remarks>
/// Thread-safe. A thread starts when queued work finds none idle, up to <see cref="MaxThreads"/>, and then lives until
/// <see cref="DisposeAsync"/>: a model run that blocks holds one of these threads, never a thread-pool thread. Threads are
/// background threads named <c>{name}-{index}</c> and do not inherit the execution context (trace, culture) of whoever
/// made them start. <see cref="DisposeAsync"/> lets queued work finish, then waits for every thread to end; it must not be
/// called from one of the executor's own threads.
/// </remarks>
internal sealed partial class ExecutionThreads : IModelExecutor
{
    private static readonly ParameterizedThreadStart s_work = static state => ((ExecutionThreads)state!).Work();

    private static readonly Func<SemaphoreSlim, bool> s_released =
        static signal => signal.CurrentCount > 0 && signal.Wait(0);

    /// <summary>Guards the queue, the thread list and the counters.</summary>
    private readonly Lock _gate = new();
    private readonly Queue<IExecutionWork> _queue = new();
    private readonly List<Thread> _threads = [];

    /// <summary>One release per queued work and, once stopping, one per thread; a thread waits here for its next work.</summary>
    /// <remarks>A semaphore rather than Monitor.Wait and Pulse: it wakes a sleeping thread about twice as fast here.</remarks>
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private int _alive;

    /// <summary>Threads waiting for work, or about to.</summary>
    private int _idle;

    /// <summary>Work queued and not yet taken by a thread.</summary>
    private int _pending;
    private bool _stopping;

    /// <summary>Creates the executor; its threads start when work first needs them.</summary>
    /// <param name="name">Prefix of the thread names (see <see cref="NameFor"/>).</param>
    /// <param name="maxThreads">Most threads, hence most executions at once (a version's <c>maxConcurrentExecutions</c>).</param>
    /// <param name="logger">Where work that throws is logged.</param>
    public ExecutionThreads(string name, int maxThreads, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        ArgumentNullException.ThrowIfNull(logger);
        Name = name;
        MaxThreads = maxThreads;
        _logger = logger;
    }

    /// <summary>Prefix of the thread names.</summary>
    public string Name { get; }

    /// <summary>Most threads, hence most executions running at once.</summary>
    public int MaxThreads { get; }

    /// <summary>The threads started so far (for tests and diagnostics).</summary>
    public IReadOnlyList<Thread> Threads
    {
        get
        {
            lock (_gate)
            {
                return [.. _threads];
            }
        }
    }

    /// <summary>The thread-name prefix of a model version's executions: <c>ms-exec-{model}-{version}</c>.</summary>
    public static string NameFor(string model, long version) => $"ms-exec-{model}-{version}";

    /// <inheritdoc />
    public bool TryQueue(IExecutionWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            if (_stopping)
            {
                return false;
            }

            _queue.Enqueue(work);
            if (++_pending > _idle && _threads.Count < MaxThreads)
            {
                // More work than idle threads to take it: one more thread. Otherwise the first thread free takes it.
                StartThread();
            }
        }

        _signal.Release();
        return true;
    }

    /// <summary>Stops taking work, lets queued work finish, and returns once every thread has ended.</summary>
    /// <exception cref="InvalidOperationException">Called from one of the executor's threads (it would wait for itself).</exception>
    public async ValueTask DisposeAsync()
    {
        Thread[] threads;
        lock (_gate)
        {
            if (_threads.Contains(Thread.CurrentThread))
            {
                throw new InvalidOperationException("An execution thread cannot dispose its own executor.");
            }

            if (_stopping)
            {
                threads = [];
            }
            else
            {
                _stopping = true;
                threads = [.. _threads];
                if (_alive == 0)
                {
                    _exited.TrySetResult();
                }
            }
        }

        // One release per thread: the threads take the work still queued, and each ends at its first wake-up that finds none.
        if (threads.Length > 0)
        {
            _signal.Release(threads.Length);
        }

        await _exited.Task.ConfigureAwait(false);
        if (threads.Length > 0)
        {
            // Each thread has left its loop; joining only waits for it to return.
            foreach (var thread in threads)
            {
                thread.Join();
            }

            _signal.Dispose();
        }
    }

    /// <summary>Starts one more thread. Caller holds the gate.</summary>
    private void StartThread()
    {
        var thread = new Thread(s_work)
        {
            IsBackground = true,
            Name = $"{Name}-{_threads.Count}",
        };
        _threads.Add(thread);
        _alive++;

        // Unsafe: the thread must not carry the context of the request that happened to start it.
        thread.UnsafeStart(this);
    }

    private void Work()
    {
        // Work that comes within 20 us of the last starts without a kernel wake-up (about 10 us here, more on a busy
        // machine); longer would burn a core that request handling needs. Per thread, so each learns its own traffic.
        var spin = new AdaptiveSpin(microseconds: 20);
        while (true)
        {
            lock (_gate)
            {
                _idle++;
            }

            // CurrentCount first: Wait(0) takes the semaphore's lock, which TryQueue's Release needs too.
            if (!spin.Spin(_signal, s_released))
            {
                _signal.Wait();
            }

            IExecutionWork? work;
            lock (_gate)
            {
                _idle--;
                if (!_queue.TryDequeue(out work))
                {
                    // Only stopping releases more than was queued.
                    if (--_alive == 0)
                    {
                        _exited.TrySetResult();
                    }

                    return;
                }

                _pending--;
            }

            try
            {
                work.Execute();
            }
            catch (Exception ex)
            {
                // Work reports its own failures; one that escapes must not end the thread and strand the queue.
                Log.WorkFailed(_logger, Name, ex);
            }
        }
    }
}
