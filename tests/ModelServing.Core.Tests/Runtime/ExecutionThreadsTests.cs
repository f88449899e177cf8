using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Runtime;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Runtime;

/// <summary>
/// The execution threads: owned and named, never more than asked for, ended by disposal, and never in the way of
/// thread-pool work while every one of them blocks (as an ONNX Runtime run blocks its thread).
/// </summary>
public sealed class ExecutionThreadsTests
{
    [Fact]
    public async Task TryQueue_MoreWorkThanThreads_RunsAtMostMaxThreadsAtOnceOnNamedThreadsItOwns()
    {
        // Arrange
        await using var executor = new ExecutionThreads("ms-exec-m-3", 3, NullLogger.Instance);
        using var gate = new Gate();
        var work = Enumerable.Range(0, 7).Select(_ => new BlockingWork(gate)).ToArray();
        Assert.Empty(executor.Threads);

        // Act: seven executions for three threads; three start and block.
        Assert.All(work, w => Assert.True(executor.TryQueue(w)));
        await WaitUntilAsync(() => gate.Active == 3);
        gate.Open();
        await Task.WhenAll(work.Select(w => w.Done.Task)).WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(3, gate.MaxActive);
        var threads = work.Select(w => w.Thread!).Distinct().ToArray();
        Assert.Equal(3, threads.Length);
        Assert.Equal(["ms-exec-m-3-0", "ms-exec-m-3-1", "ms-exec-m-3-2"], threads.Select(t => t.Name).Order());
        Assert.All(threads, t => Assert.False(t.IsThreadPoolThread));
        Assert.All(threads, t => Assert.True(t.IsBackground));
        Assert.Equal(threads.OrderBy(t => t.Name), executor.Threads.OrderBy(t => t.Name));
    }

    [Fact]
    public async Task TryQueue_EveryThreadBlocked_ThreadPoolWorkStillRunsFirst()
    {
        // Arrange: more blocked executions than the pool has threads before it must grow.
        ThreadPool.GetMinThreads(out var poolThreads, out _);
        var count = Math.Max(poolThreads, Environment.ProcessorCount) + 1;
        await using var executor = new ExecutionThreads("ms-exec-blocked-1", count, NullLogger.Instance);
        using var gate = new Gate();
        var work = Enumerable.Range(0, count).Select(_ => new BlockingWork(gate)).ToArray();
        Assert.All(work, w => Assert.True(executor.TryQueue(w)));
        await WaitUntilAsync(() => gate.Active == count);

        // Act: work for the thread pool while every execution blocks its thread.
        var poolThread = await Task.Run(() => Thread.CurrentThread).WaitAsync(TimeSpan.FromSeconds(10));

        // Assert: it ran before any execution could finish, on a pool thread that is none of the executions'.
        Assert.All(work, w => Assert.False(w.Done.Task.IsCompleted));
        Assert.True(poolThread.IsThreadPoolThread);
        Assert.DoesNotContain(poolThread, work.Select(w => w.Thread));
        gate.Open();
        await Task.WhenAll(work.Select(w => w.Done.Task)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DisposeAsync_WorkRunningAndQueued_FinishesItThenEndsEveryThread()
    {
        // Arrange: one thread, one execution blocked on it and two queued behind it.
        var executor = new ExecutionThreads("ms-exec-d-1", 1, NullLogger.Instance);
        using var gate = new Gate();
        var work = Enumerable.Range(0, 3).Select(_ => new BlockingWork(gate)).ToArray();
        Assert.All(work, w => Assert.True(executor.TryQueue(w)));
        await WaitUntilAsync(() => gate.Active == 1);

        // Act
        var disposing = executor.DisposeAsync().AsTask();

        // Assert: nothing new is taken; disposal waits for the running and the queued work, then joins the thread.
        Assert.False(executor.TryQueue(new BlockingWork(gate)));
        Assert.False(disposing.IsCompleted);
        gate.Open();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(work, w => Assert.True(w.Done.Task.IsCompletedSuccessfully));
        var thread = Assert.Single(executor.Threads);
        Assert.False(thread.IsAlive);
    }

    [Fact]
    public async Task DisposeAsync_NothingEverQueued_StartsNoThread()
    {
        // Arrange
        var executor = new ExecutionThreads("ms-exec-idle-1", 4, NullLogger.Instance);

        // Act
        await executor.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Empty(executor.Threads);
        Assert.False(executor.TryQueue(new ThrowingWork()));
    }

    [Fact]
    public async Task TryQueue_WorkThrows_TheThreadKeepsServingTheQueue()
    {
        // Arrange
        await using var executor = new ExecutionThreads("ms-exec-t-1", 1, NullLogger.Instance);
        using var gate = new Gate(open: true);
        var after = new BlockingWork(gate);

        // Act
        Assert.True(executor.TryQueue(new ThrowingWork()));
        Assert.True(executor.TryQueue(after));

        // Assert
        await after.Done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ms-exec-t-1-0", after.Thread!.Name);
    }

    [Fact]
    public async Task DisposeAsync_FromAnExecutionThread_Throws()
    {
        // Arrange
        var executor = new ExecutionThreads("ms-exec-self-1", 1, NullLogger.Instance);
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Act
        Assert.True(executor.TryQueue(new DelegateWork(() =>
        {
            try
            {
                executor.DisposeAsync().AsTask().GetAwaiter().GetResult();
                outcome.SetResult(null);
            }
            catch (Exception ex)
            {
                outcome.SetResult(ex);
            }
        })));

        // Assert
        Assert.IsType<InvalidOperationException>(await outcome.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await executor.DisposeAsync();
    }

    /// <summary>Executions sharing one gate: how many wait at it now, and the most that ever did at once.</summary>
    private sealed class Gate : IDisposable
    {
        private readonly ManualResetEventSlim _open;
        private int _active;
        private int _maxActive;

        public Gate(bool open = false) => _open = new ManualResetEventSlim(open);

        public int Active => Volatile.Read(ref _active);

        public int MaxActive => Volatile.Read(ref _maxActive);

        public void Open() => _open.Set();

        public void Pass()
        {
            var active = Interlocked.Increment(ref _active);
            for (var max = MaxActive; active > max; max = MaxActive)
            {
                Interlocked.CompareExchange(ref _maxActive, active, max);
            }

            try
            {
                _open.Wait();
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }

        /// <summary>Opens the gate, so that a failed test does not leave executions blocked behind it.</summary>
        public void Dispose() => _open.Set();
    }

    /// <summary>Blocks its thread at a gate, as a model run does, and records the thread.</summary>
    private sealed class BlockingWork(Gate gate) : IExecutionWork
    {
        public Thread? Thread { get; private set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute()
        {
            Thread = Thread.CurrentThread;
            try
            {
                gate.Pass();
            }
            finally
            {
                Done.SetResult();
            }
        }
    }

    private sealed class ThrowingWork : IExecutionWork
    {
        public void Execute() => throw new InvalidOperationException("escaped");
    }

    private sealed class DelegateWork(Action action) : IExecutionWork
    {
        public void Execute() => action();
    }
}
