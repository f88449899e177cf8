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

    /// <summary>Guards every field below; an object rather than a Lock, for Monitor.Wait and Pulse.</summary>
    private readonly object _gate = new();
    private readonly Queue<IExecutionWork> _queue = new();
    private readonly List<Thread> _threads = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private int _alive;
    private int _waiting;
    private int _pulsed;
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
            if (_waiting > _pulsed)
            {
                _pulsed++;
                Monitor.Pulse(_gate);
            }
            else if (_threads.Count < MaxThreads)
            {
                StartThread();
            }

            // Otherwise every thread is busy: the first to finish takes the work.
        }

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

            _stopping = true;
            Monitor.PulseAll(_gate);
            if (_alive == 0)
            {
                _exited.TrySetResult();
            }

            threads = [.. _threads];
        }

        await _exited.Task.ConfigureAwait(false);

        // Each thread has left its loop; joining only waits for it to return.
        foreach (var thread in threads)
        {
            thread.Join();
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
        while (true)
        {
            IExecutionWork? work;
            lock (_gate)
            {
                while (!_queue.TryDequeue(out work))
                {
                    if (_stopping)
                    {
                        if (--_alive == 0)
                        {
                            _exited.TrySetResult();
                        }

                        return;
                    }

                    _waiting++;
                    Monitor.Wait(_gate);
                    _waiting--;
                    if (_pulsed > 0)
                    {
                        _pulsed--;
                    }
                }
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
