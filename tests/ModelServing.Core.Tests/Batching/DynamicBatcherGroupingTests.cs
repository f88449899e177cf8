using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

public class DynamicBatcherGroupingTests
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task RunAsync_RequestLargerThanMaxBatchSize_SplitsAndReassemblesInOrder()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 4, MaxQueueDelay = s_delay }, time);
        var large = Request(10, width: 3, seed: 1);
        var small = Request(1, width: 3, seed: 2);

        // Act: two full chunks run at once (the small request arrives once the first has started, so round robin lets the
        // second go first); the 2-row rest shares a batch with the small request after the delay.
        var largeTask = batcher.RunAsync(large.Inputs, null, default);
        await WaitUntilAsync(() => !runner.Executions.IsEmpty);
        var smallTask = batcher.RunAsync(small.Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 2 && batcher.RunningExecutions == 0);
        await SettleAsync(batcher);
        Assert.False(largeTask.IsCompleted);
        await AdvanceAsync(time, batcher, s_delay);
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
        await AdvanceAsync(time, batcher, s_delay);
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
        await AdvanceAsync(time, batcher, s_delay);
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
        await AdvanceAsync(time, batcher, s_delay);
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
        await AdvanceAsync(time, batcher, s_delay);
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
}
