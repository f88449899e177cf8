using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using ModelServing.Core.Errors;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

/// <summary>The joined batch input comes from the tensor array pool and goes back only after a run that answered.</summary>
public sealed class DynamicBatcherBufferTests
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task RunAsync_BatchAnswered_NextBatchReusesTheJoinedInputArray()
    {
        // Arrange: rows of 5003 floats (20 KB, a width no other test uses), two requests per batch.
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 2, MaxQueueDelay = s_delay }, new FakeTimeProvider());

        // Act
        await RunPairAsync(batcher, seed: 1);
        await WaitUntilAsync(() => batcher.RunningExecutions == 0);
        await RunPairAsync(batcher, seed: 3);

        // Assert
        var executions = runner.Executions.ToArray();
        Assert.Equal([2, 2], runner.BatchSizes);
        Assert.Same(executions[0].Inputs["x"].Data, executions[1].Inputs["x"].Data);
    }

    [Fact]
    public async Task RunAsync_BatchFailed_JoinedInputArrayIsNotReused()
    {
        // Arrange
        var runner = new RowSumRunner { Failure = new ServingException(ServingErrorKind.RuntimeFailure, "boom") };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 2, MaxQueueDelay = s_delay }, new FakeTimeProvider());

        // Act: a failed run may still be read by native code, so its array is left to the GC.
        await Assert.ThrowsAsync<ServingException>(() => RunPairAsync(batcher, seed: 5, width: 5009));
        await WaitUntilAsync(() => batcher.RunningExecutions == 0);
        runner.Failure = null;
        await RunPairAsync(batcher, seed: 7, width: 5009);

        // Assert
        var executions = runner.Executions.ToArray();
        Assert.NotSame(executions[0].Inputs["x"].Data, executions[1].Inputs["x"].Data);
    }

    private static async Task RunPairAsync(DynamicBatcher batcher, int seed, int width = 5003)
    {
        var a = Request(1, width, seed);
        var b = Request(1, width, seed + 1);
        var first = batcher.RunAsync(a.Inputs, null, default);
        var second = batcher.RunAsync(b.Inputs, null, default);
        a.AssertOutputs(await first.Within());
        b.AssertOutputs(await second.Within());
    }
}
