using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

public class DynamicBatcherDispatchTests
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task RunAsync_RowsReachMaxBatchSize_RunsWithoutWaiting()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 4, MaxQueueDelay = s_delay }, time);
        var requests = Enumerable.Range(0, 4).Select(i => Request(1, seed: i)).ToArray();

        // Act: the clock never moves.
        var results = await Task.WhenAll(requests.Select(r => batcher.RunAsync(r.Inputs, null, default))).Within();

        // Assert
        Assert.Equal([4], runner.BatchSizes);
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i].AssertOutputs(results[i]);
        }
    }

    [Fact]
    public async Task RunAsync_FewerRowsThanMax_WaitsExactlyMaxQueueDelay()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay }, time);
        var requests = new[] { Request(1, seed: 1), Request(2, seed: 2) };
        var tasks = requests.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();
        await SettleAsync(batcher);

        // Act 1: one tick short of the delay.
        await AdvanceAsync(time, batcher, s_delay - TimeSpan.FromTicks(1));
        await SettleAsync(batcher);

        // Assert 1: nothing ran.
        Assert.Empty(runner.Executions);
        Assert.Equal(0, batcher.RunningExecutions);
        Assert.All(tasks, t => Assert.False(t.IsCompleted));
        Assert.Equal(2, batcher.QueueDepth);

        // Act 2: the delay is reached.
        await AdvanceAsync(time, batcher, TimeSpan.FromTicks(1));
        var results = await Task.WhenAll(tasks).Within();

        // Assert 2: one batch of everything queued.
        Assert.Equal([3], runner.BatchSizes);
        requests[0].AssertOutputs(results[0]);
        requests[1].AssertOutputs(results[1]);
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Fact]
    public async Task RunAsync_ZeroQueueDelay_RunsWhatIsQueuedAtOnce()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = TimeSpan.Zero }, time);
        var request = Request(3);

        // Act
        var result = await batcher.RunAsync(request.Inputs, null, default).Within();

        // Assert
        request.AssertOutputs(result);
        Assert.Equal([3], runner.BatchSizes);
    }

    [Fact]
    public async Task RunAsync_ZeroDelayIdleBatcher_RunsInlineAndRequestsArrivingMeanwhileBatchTogether()
    {
        // Arrange: the first request finds the batcher idle and runs on the caller's path, held by the gate.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = TimeSpan.Zero }, time);
        var first = Request(2, seed: 9);
        var running = batcher.RunAsync(first.Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);
        var later = Enumerable.Range(0, 3).Select(i => Request(1, seed: i)).ToArray();
        var tasks = later.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();
        await SettleAsync(batcher);

        // Act
        Assert.Equal(3, batcher.QueueDepth);
        runner.Gate.SetResult();
        first.AssertOutputs(await running.Within());
        var results = await Task.WhenAll(tasks).Within();

        // Assert: the three that waited ran as one batch, each with its own rows.
        Assert.Equal([2, 3], runner.BatchSizes);
        for (var i = 0; i < later.Length; i++)
        {
            later[i].AssertOutputs(results[i]);
        }
    }

    [Fact]
    public async Task RunAsync_PreferredSizesReachable_RunsLargestPreferredThenWaitsForRest()
    {
        // Arrange: an 8-row request holds the only execution slot while five 1-row requests queue.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        var options = new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay, PreferredBatchSizes = [2, 4] };
        await using var batcher = CreateBatcher(runner, options, time);
        var blocker = batcher.RunAsync(Request(8).Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);
        var requests = Enumerable.Range(0, 5).Select(i => Request(1, seed: i)).ToArray();
        var tasks = requests.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();
        await SettleAsync(batcher);

        // Act 1: the slot frees up; 5 rows are queued.
        runner.Gate.SetResult();
        await blocker.Within();
        var firstFour = await Task.WhenAll(tasks[..4]).Within();
        await SettleAsync(batcher);

        // Assert 1: 4 (the largest preferred size reachable) ran at once; the fifth waits for the delay.
        Assert.Equal([8, 4], runner.BatchSizes);
        Assert.False(tasks[4].IsCompleted);
        for (var i = 0; i < 4; i++)
        {
            requests[i].AssertOutputs(firstFour[i]);
        }

        // Act 2
        await AdvanceAsync(time, batcher, s_delay);
        var last = await tasks[4].Within();

        // Assert 2
        Assert.Equal([8, 4, 1], runner.BatchSizes);
        requests[4].AssertOutputs(last);
    }

    [Fact]
    public async Task RunAsync_MaxConcurrentExecutionsTwo_NeverRunsMoreThanTwo()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        var options = new BatchingOptions { MaxBatchSize = 1, MaxQueueDelay = s_delay, MaxConcurrentExecutions = 2 };
        await using var batcher = CreateBatcher(runner, options, time);
        var requests = Enumerable.Range(0, 5).Select(i => Request(1, seed: i)).ToArray();

        // Act 1
        var tasks = requests.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();
        await WaitUntilAsync(() => runner.Executions.Count == 2);
        await SettleAsync(batcher);

        // Assert 1: the rest queue while both executions are busy.
        Assert.Equal(2, runner.Executions.Count);
        Assert.Equal(2, batcher.RunningExecutions);
        Assert.Equal(3, batcher.QueueDepth);

        // Act 2
        runner.Gate.SetResult();
        var results = await Task.WhenAll(tasks).Within();

        // Assert 2
        Assert.Equal(2, runner.MaxActive);
        Assert.Equal([1, 1, 1, 1, 1], runner.BatchSizes);
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i].AssertOutputs(results[i]);
        }
    }

    [Fact]
    public async Task BatchExecuted_BatchRuns_ReportsItsRows()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay }, time);
        var reported = new List<int>();
        batcher.BatchExecuted += rows =>
        {
            lock (reported)
            {
                reported.Add(rows);
            }
        };
        var tasks = new[] { 1, 2, 3 }.Select(rows => batcher.RunAsync(Request(rows, seed: rows).Inputs, null, default)).ToArray();
        await SettleAsync(batcher);

        // Act
        await AdvanceAsync(time, batcher, s_delay);
        await Task.WhenAll(tasks).Within();

        // Assert
        Assert.Equal([6], reported);
    }
}
