using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using ModelServing.Core.Errors;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

public class DynamicBatcherQueuePolicyTests
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task RunAsync_QueueFull_FailsAtOnceWithQueueFull()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        var options = new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay, MaxQueueSize = 2 };
        await using var batcher = CreateBatcher(runner, options, time);
        var queued = new[] { Request(1, seed: 1), Request(1, seed: 2) };
        var queuedTasks = queued.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();

        // Act
        var rejected = batcher.RunAsync(Request(1, seed: 3).Inputs, null, default);

        // Assert
        Assert.True(rejected.IsFaulted);
        var error = await Assert.ThrowsAsync<ServingException>(() => rejected);
        Assert.Equal(ServingErrorKind.QueueFull, error.Kind);
        Assert.Contains("queue is full", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, batcher.QueueDepth);
        await AdvanceAsync(time, batcher, s_delay);
        var results = await Task.WhenAll(queuedTasks).Within();
        queued[0].AssertOutputs(results[0]);
        queued[1].AssertOutputs(results[1]);
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesInQueue_FailsAndNeverRuns()
    {
        // Arrange: the default timeout (3 ms) is shorter than the queue delay; the second request brings a longer deadline.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        var options = new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay, DefaultTimeout = TimeSpan.FromMilliseconds(3) };
        await using var batcher = CreateBatcher(runner, options, time);
        var expiring = batcher.RunAsync(Request(1, seed: 1).Inputs, null, default);
        var patient = Request(1, seed: 2);
        var patientTask = batcher.RunAsync(patient.Inputs, time.GetUtcNow() + TimeSpan.FromMilliseconds(20), default);
        await SettleAsync(batcher);

        // Act 1
        await AdvanceAsync(time, batcher, TimeSpan.FromMilliseconds(3));

        // Assert 1
        var error = await Assert.ThrowsAsync<ServingException>(() => expiring.Within());
        Assert.Equal(ServingErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal(1, batcher.QueueDepth);

        // Act 2
        await AdvanceAsync(time, batcher, s_delay);
        var result = await patientTask.Within();

        // Assert 2: the expired request never reached the model.
        patient.AssertOutputs(result);
        var execution = Assert.Single(runner.Executions);
        Assert.Equal(patient.X, execution.Inputs["x"].As<float>());
    }

    [Fact]
    public async Task RunAsync_DeadlineAlreadyPassed_FailsAtOnce()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxQueueDelay = s_delay }, time);

        // Act
        var task = batcher.RunAsync(Request(1).Inputs, time.GetUtcNow(), default);

        // Assert
        Assert.True(task.IsFaulted);
        var error = await Assert.ThrowsAsync<ServingException>(() => task);
        Assert.Equal(ServingErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeDispatch_IsRemovedFromQueue()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 8, MaxQueueDelay = s_delay }, time);
        using var cancellation = new CancellationTokenSource();
        var cancelled = batcher.RunAsync(Request(2, seed: 1).Inputs, null, cancellation.Token);
        var kept = Request(1, seed: 2);
        var keptTask = batcher.RunAsync(kept.Inputs, null, default);

        // Act
        await cancellation.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        Assert.Equal(1, batcher.QueueDepth);
        await AdvanceAsync(time, batcher, s_delay);
        kept.AssertOutputs(await keptTask.Within());
        Assert.Equal([1], runner.BatchSizes);
    }

    [Fact]
    public async Task RunAsync_CancelledAfterBatchStarted_CallerStopsWaitingAndOthersComplete()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 2, MaxQueueDelay = s_delay }, time);
        using var cancellation = new CancellationTokenSource();
        var cancelled = batcher.RunAsync(Request(1, seed: 1).Inputs, null, cancellation.Token);
        var other = Request(1, seed: 2);
        var otherTask = batcher.RunAsync(other.Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);

        // Act
        await cancellation.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        Assert.False(otherTask.IsCompleted);
        runner.Gate.SetResult();
        other.AssertOutputs(await otherTask.Within());
        Assert.Equal([2], runner.BatchSizes);
    }

    [Fact]
    public async Task RunAsync_TokenAlreadyCancelled_NeverQueues()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxQueueDelay = s_delay }, time);

        // Act
        var task = batcher.RunAsync(Request(1).Inputs, null, new CancellationToken(canceled: true));

        // Assert
        Assert.True(task.IsCanceled);
        Assert.Equal(0, batcher.QueueDepth);
    }
}
