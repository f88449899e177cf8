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
        time.Advance(s_delay - TimeSpan.FromTicks(1));
        await SettleAsync(batcher);

        // Assert 1: nothing ran.
        Assert.Empty(runner.Executions);
        Assert.Equal(0, batcher.RunningExecutions);
        Assert.All(tasks, t => Assert.False(t.IsCompleted));
        Assert.Equal(2, batcher.QueueDepth);

        // Act 2: the delay is reached.
        time.Advance(TimeSpan.FromTicks(1));
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
        time.Advance(s_delay);
        var last = await tasks[4].Within();

        // Assert 2
        Assert.Equal([8, 4, 1], runner.BatchSizes);
        requests[4].AssertOutputs(last);
    }

    [Fact]
    public async Task RunAsync_RequestLargerThanMaxBatchSize_SplitsAndReassemblesInOrder()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 4, MaxQueueDelay = s_delay }, time);
        var large = Request(10, width: 3, seed: 1);
        var small = Request(1, width: 3, seed: 2);

        // Act: two full chunks run at once; the 2-row rest shares a batch with the small request after the delay.
        var largeTask = batcher.RunAsync(large.Inputs, null, default);
        var smallTask = batcher.RunAsync(small.Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 2 && batcher.RunningExecutions == 0);
        await SettleAsync(batcher);
        Assert.False(largeTask.IsCompleted);
        time.Advance(s_delay);
        var largeResult = await largeTask.Within();
        var smallResult = await smallTask.Within();

        // Assert
        Assert.Equal([4, 4, 3], runner.BatchSizes);
        large.AssertOutputs(largeResult);
        small.AssertOutputs(smallResult);
    }

    [Fact]
    public async Task RunAsync_DifferentNonBatchShapes_RunInSeparateBatchesOldestGroupFirst()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay }, time);
        var requests = new[] { Request(1, width: 2, seed: 1), Request(1, width: 3, seed: 2), Request(2, width: 2, seed: 3) };
        var tasks = requests.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();
        await SettleAsync(batcher);

        // Act
        time.Advance(s_delay);
        var results = await Task.WhenAll(tasks).Within();

        // Assert
        Assert.Equal([(3, 2L), (1, 3L)], runner.Executions.Select(e => (e.Rows, e.Width)));
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i].AssertOutputs(results[i]);
        }
    }

    [Fact]
    public async Task RunAsync_FullBatchOfYoungerGroup_RunsWhileOlderGroupWaits()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay }, time);
        var older = Request(1, width: 2, seed: 1);
        var full = Request(8, width: 3, seed: 2);

        // Act
        var olderTask = batcher.RunAsync(older.Inputs, null, default);
        var fullResult = await batcher.RunAsync(full.Inputs, null, default).Within();
        await SettleAsync(batcher);

        // Assert
        full.AssertOutputs(fullResult);
        Assert.False(olderTask.IsCompleted);
        time.Advance(s_delay);
        older.AssertOutputs(await olderTask.Within());
        Assert.Equal([8, 1], runner.BatchSizes);
    }

    [Fact]
    public async Task RunAsync_PadVariableLength_BatchesDifferentWidthsAndReturnsPaddedRows()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        var options = new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay, PadVariableLength = true };
        await using var batcher = CreateBatcher(runner, options, time);
        var narrow = Request(1, width: 2, seed: 1);
        var wide = Request(2, width: 3, seed: 2);
        var narrowTask = batcher.RunAsync(narrow.Inputs, null, default);
        var wideTask = batcher.RunAsync(wide.Inputs, null, default);
        await SettleAsync(batcher);

        // Act
        time.Advance(s_delay);
        var narrowResult = await narrowTask.Within();
        var wideResult = await wideTask.Within();

        // Assert: one batch at the widest width; the narrow request's rows come back as computed on its zero-padded row.
        Assert.Equal([(3, 3L)], runner.Executions.Select(e => (e.Rows, e.Width)));
        wide.AssertOutputs(wideResult);
        var padded = RowSumRunner.Compute([.. narrow.X, 0f], 1, 3, 1f);
        Assert.Equal([1L, 3L], narrowResult["y"].Shape);
        Assert.Equal(padded.Y, narrowResult["y"].As<float>());
        Assert.Equal(padded.RowSum, narrowResult["rowSum"].As<float>());
        Assert.Equal(RowSumRunner.Compute(narrow.X, 1, 2, 1f).RowSum, narrowResult["rowSum"].As<float>());
    }

    [Fact]
    public async Task RunAsync_DifferentUnbatchedInputValues_DoNotShareABatch()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay }, time);
        var requests = new[] { Request(1, seed: 1, scale: 1f), Request(1, seed: 2, scale: 3f), Request(1, seed: 3, scale: 1f) };
        var tasks = requests.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();
        await SettleAsync(batcher);

        // Act
        time.Advance(s_delay);
        var results = await Task.WhenAll(tasks).Within();

        // Assert
        Assert.Equal([2, 1], runner.BatchSizes);
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i].AssertOutputs(results[i]);
        }
    }

    [Fact]
    public async Task RunAsync_OutputWithoutBatchDimension_EveryRequestGetsTheWholeTensor()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 3, MaxQueueDelay = s_delay }, time);

        // Act
        var results = await Task.WhenAll(
            batcher.RunAsync(Request(1, seed: 1).Inputs, null, default),
            batcher.RunAsync(Request(2, seed: 2).Inputs, null, default)).Within();

        // Assert
        Assert.Same(results[0]["execution"], results[1]["execution"]);
        Assert.Empty(results[0]["execution"].Shape);
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
        time.Advance(s_delay);
        await Task.WhenAll(tasks).Within();

        // Assert
        Assert.Equal([6], reported);
    }
}
