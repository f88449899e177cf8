using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

/// <summary>
/// Every runner call, batched, inline or bypassed, runs on one of the batcher's own execution threads, at most
/// MaxConcurrentExecutions at once; callers resume off those threads; disposal ends them.
/// </summary>
public class DynamicBatcherThreadingTests
{
    public static TheoryData<string> Paths => ["bypassed", "inline", "batched"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task RunAsync_AnyPath_RunsOnAnExecutionThreadAndResumesTheCallerOnThePool(string path)
    {
        // Arrange: the run waits at the gate, so the continuations below are attached before it can complete.
        var runner = new RowSumRunner { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var batcher = CreateBatcher(runner, OptionsFor(path), TimeProvider.System);
        var requests = Enumerable.Range(0, path == "batched" ? 2 : 1).Select(i => Request(1, seed: i)).ToArray();

        // Act: each continuation runs on whichever thread completes the request.
        var resumed = requests
            .Select(r => batcher.RunAsync(r.Inputs, null, default)
                .ContinueWith(t => (Result: t.Result, Thread: Thread.CurrentThread), TaskContinuationOptions.ExecuteSynchronously))
            .ToArray();
        await WaitUntilAsync(() => runner.Executions.Count == 1);
        runner.Gate.SetResult();
        var results = await Task.WhenAll(resumed).Within();

        // Assert
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i].AssertOutputs(results[i].Result);
        }

        var executionThread = Assert.Single(runner.Threads);
        Assert.False(executionThread.IsThreadPoolThread);
        Assert.Equal("ms-exec-0", executionThread.Name);
        Assert.All(results, r => Assert.True(r.Thread.IsThreadPoolThread));
        Assert.All(results, r => Assert.NotSame(executionThread, r.Thread));
    }

    [Fact]
    public async Task RunAsync_EveryExecutionBlocksItsThread_TheInferenceTimeoutStillStopsEachRun()
    {
        // Arrange: more runs blocking their threads than the thread pool has threads before it must grow. The timeout's
        // timer and the cancellation that stops a run need a pool thread; the runs must not be holding them.
        ThreadPool.GetMinThreads(out var poolThreads, out _);
        var count = Math.Max(poolThreads, Environment.ProcessorCount) + 1;
        using var neverOpens = new ManualResetEventSlim();
        var runner = new RowSumRunner { BlockingGate = neverOpens };
        var options = new BatchingOptions { MaxBatchSize = 1, MaxQueueDelay = TimeSpan.Zero, MaxConcurrentExecutions = count };
        await using var batcher = new DynamicBatcher(runner, options, TimeProvider.System, NullLogger.Instance)
        {
            Guard = new ExecutionGuard("blocking", 1, TimeSpan.FromMilliseconds(100), CircuitBreakerConfig.Disabled, TimeProvider.System, NullLogger.Instance),
        };

        // Act
        var tasks = Enumerable.Range(0, count).Select(i => batcher.RunAsync(Request(1, seed: i).Inputs, null, default)).ToArray();

        // Assert: every run was stopped by its timeout, and none of them held a pool thread.
        foreach (var task in tasks)
        {
            var error = await Assert.ThrowsAsync<ServingException>(() => task.Within());
            Assert.Equal(ServingErrorKind.DeadlineExceeded, error.Kind);
        }

        Assert.Equal(count, runner.Threads.Count);
        Assert.All(runner.Threads, t => Assert.False(t.IsThreadPoolThread));
    }

    [Fact]
    public async Task RunAsync_Bypassed_RunsAtMostMaxConcurrentExecutionsAtOnce()
    {
        // Arrange
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        var options = new BatchingOptions { MaxBatchSize = 0, MaxConcurrentExecutions = 2 };
        await using var batcher = CreateBatcher(runner, options, TimeProvider.System);
        var requests = Enumerable.Range(0, 5).Select(i => Request(1, seed: i)).ToArray();

        // Act: five calls; two start and wait at the gate, holding both threads.
        var tasks = requests.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();
        await WaitUntilAsync(() => runner.Executions.Count == 2);
        runner.Gate.SetResult();
        var results = await Task.WhenAll(tasks).Within();

        // Assert
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i].AssertOutputs(results[i]);
        }

        Assert.Equal(2, runner.MaxActive);
        Assert.Equal(2, runner.Threads.Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_BypassedCallCancelledWhileWaitingForAThread_IsCancelledAtOnceAndNeverRuns()
    {
        // Arrange: the only thread is busy.
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 0 }, TimeProvider.System);
        var first = Request(1, seed: 1);
        var running = batcher.RunAsync(first.Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);
        using var leaving = new CancellationTokenSource();
        var waiting = batcher.RunAsync(Request(1, seed: 2).Inputs, null, leaving.Token);

        // Act
        await leaving.CancelAsync();

        // Assert: the caller is answered before the thread is free; the run never happens.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        Assert.False(running.IsCompleted);
        runner.Gate.SetResult();
        first.AssertOutputs(await running.Within());
        Assert.Single(runner.Executions);
    }

    [Fact]
    public async Task RunAsync_BypassedDeadlinePassesWhileWaitingForAThread_FailsWithoutRunning()
    {
        // Arrange: the only thread is busy.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 0 }, time);
        var running = batcher.RunAsync(Request(1, seed: 1).Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);
        var waiting = batcher.RunAsync(Request(1, seed: 2).Inputs, time.GetUtcNow() + TimeSpan.FromSeconds(1), default);

        // Act
        time.Advance(TimeSpan.FromSeconds(2));
        runner.Gate.SetResult();

        // Assert
        await running.Within();
        var error = await Assert.ThrowsAsync<ServingException>(() => waiting.Within());
        Assert.Equal(ServingErrorKind.DeadlineExceeded, error.Kind);
        Assert.Single(runner.Executions);
    }

    [Fact]
    public async Task DisposeAsync_AfterRunsOnEveryPath_EndsEveryExecutionThread()
    {
        // Arrange
        var runner = new RowSumRunner();
        var batched = CreateBatcher(runner, OptionsFor("batched") with { MaxConcurrentExecutions = 2 }, TimeProvider.System);
        var bypassed = CreateBatcher(runner, OptionsFor("bypassed") with { MaxConcurrentExecutions = 2 }, TimeProvider.System);
        var calls = Enumerable.Range(0, 8)
            .Select(i => (i % 2 == 0 ? batched : bypassed).RunAsync(Request(1, seed: i).Inputs, null, default))
            .ToArray();
        await Task.WhenAll(calls).Within();

        // Act
        await batched.DisposeAsync();
        await bypassed.DisposeAsync();

        // Assert
        Assert.NotEmpty(runner.Threads);
        Assert.All(runner.Threads, t => Assert.False(t.IsAlive));
    }

    private static BatchingOptions OptionsFor(string path) => path switch
    {
        "bypassed" => new BatchingOptions { MaxBatchSize = 0 },
        "inline" => new BatchingOptions { MaxBatchSize = 4, MaxQueueDelay = TimeSpan.Zero },

        // Two one-row requests fill a batch of two at once: dispatched, with no waiting on the clock.
        _ => new BatchingOptions { MaxBatchSize = 2, MaxQueueDelay = TimeSpan.FromSeconds(10) },
    };
}
