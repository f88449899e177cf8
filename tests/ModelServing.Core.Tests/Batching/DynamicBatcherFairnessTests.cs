using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

/// <summary>A request larger than a batch cannot hold the model: its chunks take turns with the requests behind it.</summary>
public class DynamicBatcherFairnessTests
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(5);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RunAsync_SmallRequestArrivesBehindAHugeOne_RunsAfterAtMostOneMoreChunk(int smallWidth)
    {
        // Arrange: one execution at a time; the first chunk of a 6-chunk request holds it until the small request (of the
        // same group for width 2, of another for width 3) has waited its queue delay.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 4, MaxQueueDelay = s_delay }, time);
        var huge = Request(4 * 6, width: 2, seed: 1);
        var small = Request(1, width: smallWidth, seed: 2);
        var hugeTask = batcher.RunAsync(huge.Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);
        var smallTask = batcher.RunAsync(small.Inputs, null, default);
        await AdvanceAsync(time, batcher, s_delay);

        // Act
        runner.Gate.SetResult();
        var hugeResult = await hugeTask.Within();
        var smallResult = await smallTask.Within();

        // Assert: the chunk that was next in line when it arrived, then the small request, then the other four chunks.
        Assert.Equal(
            [(4, 2L), (4, 2L), (1, smallWidth), (4, 2L), (4, 2L), (4, 2L), (4, 2L)],
            runner.Executions.Select(e => (e.Rows, e.Width)));
        huge.AssertOutputs(hugeResult);
        small.AssertOutputs(smallResult);
    }

    [Fact]
    public async Task RunAsync_TwoHugeRequests_TheirChunksAlternate()
    {
        // Arrange: told apart by width (which also puts them in different groups).
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 4, MaxQueueDelay = s_delay }, time);
        var first = Request(4 * 3, width: 2, seed: 1);
        var second = Request(4 * 3, width: 3, seed: 2);
        var firstTask = batcher.RunAsync(first.Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);
        var secondTask = batcher.RunAsync(second.Inputs, null, default);
        await SettleAsync(batcher);

        // Act
        runner.Gate.SetResult();
        var firstResult = await firstTask.Within();
        var secondResult = await secondTask.Within();

        // Assert: after the chunk that was next in line, the two requests take turns.
        Assert.Equal([2L, 2L, 3L, 2L, 3L, 3L], runner.Executions.Select(e => e.Width));
        first.AssertOutputs(firstResult);
        second.AssertOutputs(secondResult);
    }
}
