using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

/// <summary>A batch the model refuses for one request's values: only that request fails, the others get their rows.</summary>
public class DynamicBatcherIsolationTests
{
    private const float Refused = -7f;
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task RunAsync_OneRequestsValuesRefusedInABatch_OnlyItFailsAndTheOthersGetTheirRows()
    {
        // Arrange: four 1-row requests fill a batch; the third holds a value the model refuses.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { RefusedValue = Refused };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 4, MaxQueueDelay = s_delay }, time);
        var requests = Enumerable.Range(1, 4).Select(seed => Request(1, seed: seed)).ToArray();
        requests[2].X[1] = Refused;

        // Act
        var tasks = requests.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();
        var error = await Assert.ThrowsAsync<ServingException>(() => tasks[2].Within());

        // Assert: the batch, then its halves, then the refused half's halves.
        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        foreach (var i in new[] { 0, 1, 3 })
        {
            requests[i].AssertOutputs(await tasks[i].Within());
        }

        Assert.Equal([4, 2, 2, 1, 1], runner.BatchSizes);
    }

    [Fact]
    public async Task RunAsync_RefusedChunkSharesABatch_OnlyItsRequestFailsAndItsQueuedChunksNeverRun()
    {
        // Arrange: a 6-row request runs as a 4-row chunk and a 2-row rest; the rest shares a batch with a 1-row request.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { RefusedValue = Refused };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 4, MaxQueueDelay = s_delay }, time);
        var split = Request(6, seed: 1);
        split.X[10] = Refused;
        var small = Request(1, seed: 2);
        var splitTask = batcher.RunAsync(split.Inputs, null, default);
        await WaitUntilAsync(() => !runner.Executions.IsEmpty);
        var smallTask = batcher.RunAsync(small.Inputs, null, default);
        await SettleAsync(batcher);

        // Act
        await AdvanceAsync(time, batcher, s_delay);
        var error = await Assert.ThrowsAsync<ServingException>(() => splitTask.Within());

        // Assert
        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        small.AssertOutputs(await smallTask.Within());
        Assert.Equal([4, 3, 2, 1], runner.BatchSizes);
    }

    [Fact]
    public async Task RunAsync_RefusedValuesInEveryBatch_NeverOpenTheBreakerAndValidRequestsAllSucceed()
    {
        // Arrange: a breaker that opens after 4 executions with half of them failing, and batches of one bad and one good.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { RefusedValue = Refused };
        var breaker = new CircuitBreakerConfig { MinimumThroughput = 4, FailureRatio = 0.5 };
        await using var batcher = new DynamicBatcher(
            runner, new BatchingOptions { MaxBatchSize = 2, MaxQueueDelay = s_delay }, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
        {
            Guard = new ExecutionGuard("m", 1, null, breaker, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance),
        };

        // Act: 20 rounds of a refused request and a valid one, batched together.
        var refused = 0;
        for (var round = 0; round < 20; round++)
        {
            var bad = Request(1, seed: round);
            bad.X[0] = Refused;
            var good = Request(1, seed: round + 100);
            var badTask = batcher.RunAsync(bad.Inputs, null, default);
            var goodTask = batcher.RunAsync(good.Inputs, null, default);
            good.AssertOutputs(await goodTask.Within());
            refused += (await Assert.ThrowsAsync<ServingException>(() => badTask.Within())).Kind == ServingErrorKind.InvalidInput ? 1 : 0;
        }

        // Assert
        Assert.Equal(20, refused);
        Assert.Equal("closed", batcher.Guard.BreakerState);
    }
}
