using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

public class DynamicBatcherFailureAndBypassTests
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(10);

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
    public async Task RunAsync_BatchInputsDisagreeOnRows_RunsAloneWithTheSameInputs()
    {
        // Arrange: TF Serving's columnar format lets inputs differ in dimension 0; such a request cannot share a batch.
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxQueueDelay = s_delay }, time);
        var request = Request(2);
        var inputs = request.Inputs;
        inputs["weight"] = TensorData.FromFloats([1f, 2f, 3f], 3);
        var raised = false;
        batcher.BatchExecuted += _ => raised = true;

        // Act
        var result = await batcher.RunAsync(inputs, null, default).Within();

        // Assert
        request.AssertOutputs(result);
        Assert.Same(inputs, Assert.Single(runner.Executions).Inputs);
        Assert.Equal(0, batcher.QueueDepth);
        Assert.False(raised);
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
    public async Task RunAsync_ZeroRows_FailsWithInvalidInputAndNeverRuns()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var runner = new RowSumRunner();
        await using var batcher = CreateBatcher(runner, new BatchingOptions { MaxQueueDelay = s_delay }, time);

        // Act
        var error = await Assert.ThrowsAsync<ServingException>(() => batcher.RunAsync(Request(0).Inputs, null, default));

        // Assert
        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        Assert.Contains("no instances", error.Message, StringComparison.Ordinal);
        Assert.Empty(runner.Executions);
        Assert.Equal(0, batcher.QueueDepth);
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
