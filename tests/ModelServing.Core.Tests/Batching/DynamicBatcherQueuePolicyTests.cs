using ModelServing.Core.Batching;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
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
        time.Advance(s_delay);
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
        time.Advance(TimeSpan.FromMilliseconds(3));

        // Assert 1
        var error = await Assert.ThrowsAsync<ServingException>(() => expiring.Within());
        Assert.Equal(ServingErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal(1, batcher.QueueDepth);

        // Act 2
        time.Advance(s_delay);
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
        time.Advance(s_delay);
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

    [Fact]
    public async Task RunAsync_RunnerFails_EveryRequestOfTheBatchGetsTheSameError()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var failure = new ServingException(ServingErrorKind.RuntimeFailure, "The model failed.");
        var runner = new RowSumRunner { Failure = failure };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 2, MaxQueueDelay = s_delay }, time);

        // Act
        var tasks = new[] { Request(1, seed: 1), Request(1, seed: 2) }.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();

        // Assert
        foreach (var task in tasks)
        {
            Assert.Same(failure, await Assert.ThrowsAsync<ServingException>(() => task.Within()));
        }
    }

    [Fact]
    public async Task RunAsync_OutputLosesBatchDimension_FailsBatchWithRuntimeFailure()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { DropBatchDimension = true };
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 2, MaxQueueDelay = s_delay }, time);

        // Act
        var tasks = new[] { Request(1, seed: 1), Request(1, seed: 2) }.Select(r => batcher.RunAsync(r.Inputs, null, default)).ToArray();

        // Assert
        foreach (var task in tasks)
        {
            var error = await Assert.ThrowsAsync<ServingException>(() => task.Within());
            Assert.Equal(ServingErrorKind.RuntimeFailure, error.Kind);
            Assert.Contains("model output rowSum does not keep the batch dimension", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_BatchInputsDisagreeOnRows_FailsWithInvalidInput()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxQueueDelay = s_delay }, time);
        var inputs = Request(2).Inputs;
        inputs["weight"] = TensorData.FromFloats([1f, 2f, 3f], 3);

        // Act
        var error = await Assert.ThrowsAsync<ServingException>(() => batcher.RunAsync(inputs, null, default));

        // Assert
        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_NothingToBatch_CallsRunnerDirectlyWithTheSameInputs(bool fixedSignature)
    {
        // Arrange: a signature without a batch dimension, or batching turned off.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner(fixedSignature ? RowSumRunner.FixedSignature : null);
        var options = new BatchingOptions { MaxBatchSize = fixedSignature ? 8 : 0, MaxQueueDelay = s_delay };
        await using var batcher = CreateBatcher(runner, options, time);
        var raised = false;
        batcher.BatchExecuted += _ => raised = true;
        var request = Request(2, width: 3);
        var inputs = request.Inputs;

        // Act
        var result = await batcher.RunAsync(inputs, null, default).Within();

        // Assert
        request.AssertOutputs(result);
        Assert.Same(inputs, Assert.Single(runner.Executions).Inputs);
        Assert.False(raised);
    }

    [Fact]
    public async Task RunAsync_BypassWithPassedDeadlineOrCancelledToken_NeverCallsRunner()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner(RowSumRunner.FixedSignature);
        await using var batcher = CreateBatcher(runner, new BatchingOptions(), time);

        // Act
        var expired = batcher.RunAsync(Request(2, width: 3).Inputs, time.GetUtcNow() - TimeSpan.FromSeconds(1), default);
        var cancelled = batcher.RunAsync(Request(2, width: 3).Inputs, null, new CancellationToken(canceled: true));

        // Assert
        Assert.Equal(ServingErrorKind.DeadlineExceeded, (await Assert.ThrowsAsync<ServingException>(() => expired)).Kind);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Empty(runner.Executions);
    }

    [Fact]
    public async Task DisposeAsync_RequestsQueuedAndRunning_FailsQueuedAndFinishesRunning()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner { Gate = new TaskCompletionSource() };
        var batcher = CreateBatcher(runner, new BatchingOptions { MaxBatchSize = 1, MaxQueueDelay = s_delay }, time);
        var running = Request(1, seed: 1);
        var runningTask = batcher.RunAsync(running.Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);
        var queuedTask = batcher.RunAsync(Request(1, seed: 2).Inputs, null, default);

        // Act
        var disposing = batcher.DisposeAsync().AsTask();

        // Assert: queued requests fail at once; disposal waits for the running execution, which completes normally.
        var error = await Assert.ThrowsAsync<ServingException>(() => queuedTask.Within());
        Assert.Equal(ServingErrorKind.NotReady, error.Kind);
        Assert.False(disposing.IsCompleted);
        runner.Gate.SetResult();
        running.AssertOutputs(await runningTask.Within());
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        var late = await Assert.ThrowsAsync<ServingException>(() => batcher.RunAsync(Request(1).Inputs, null, default));
        Assert.Equal(ServingErrorKind.NotReady, late.Kind);
        Assert.Single(runner.Executions);
    }
}
