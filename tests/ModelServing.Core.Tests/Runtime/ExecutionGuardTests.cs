using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using static ModelServing.Core.Tests.Batching.BatchingTestData;
using RowSumRunner = ModelServing.Core.Tests.Batching.RowSumRunner;

namespace ModelServing.Core.Tests.Runtime;

/// <summary>
/// The inference timeout and the circuit breaker on a fake clock: what fires, and when, is decided by the clock the test
/// moves, never by how busy the machine is. Runs block their thread until their token is cancelled, as an ONNX Runtime
/// run does until <c>RunOptions.Terminate</c>.
/// </summary>
public sealed class ExecutionGuardTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private static readonly Dictionary<string, TensorData> Inputs = Request(1).Inputs;

    private static readonly CircuitBreakerConfig Breaker = new()
    {
        MinimumThroughput = 4,
        FailureRatio = 0.5,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromMilliseconds(1500),
    };

    [Fact]
    public async Task RunAsync_BlockingRunOnAnExecutionThread_IsStoppedWhenTheClockPassesTheTimeoutAndNotBefore()
    {
        // Arrange: a batcher whose only execution thread blocks in the run until the run's token is cancelled.
        var time = new FakeTimeProvider();
        using var neverOpens = new ManualResetEventSlim();
        var runner = new RowSumRunner { BlockingGate = neverOpens };
        await using var batcher = new DynamicBatcher(runner, new BatchingOptions { MaxBatchSize = 0 }, TimeProvider.System, NullLogger.Instance)
        {
            Guard = CreateGuard(time, Timeout, CircuitBreakerConfig.Disabled),
        };
        var run = batcher.RunAsync(Request(1).Inputs, null, default);
        await WaitUntilAsync(() => runner.Executions.Count == 1);

        // Act
        time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        var stillRunning = !run.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));

        // Assert
        Assert.True(stillRunning, "the run was stopped before its timeout");
        var error = await Assert.ThrowsAsync<ServingException>(() => run.Within());
        Assert.Equal(ServingErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal("Model m version 1 did not finish within its inference timeout of 200 ms; the run was stopped.", error.Message);
        Assert.False(Assert.Single(runner.Threads).IsThreadPoolThread);
    }

    [Fact]
    public async Task RunAsync_RuntimeFailuresPastTheRatio_OpenTheBreaker_ThenAnswerNotReadyWithRetryAfterWithoutRunning()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var guard = CreateGuard(time, null, Breaker);
        var runner = new ScriptedRunner();

        // Act: one success and three runtime failures, four executions, three quarters failed.
        await guard.RunAsync(runner, Inputs, default);
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ServingException>(() => guard.RunAsync(runner.Failing(), Inputs, default).AsTask());
        }

        var runsBefore = runner.Runs;
        var fromCheck = Assert.Throws<ServingException>(guard.ThrowIfOpen);
        var fromRun = await Assert.ThrowsAsync<ServingException>(() => guard.RunAsync(runner.Succeeding(), Inputs, default).AsTask());

        // Assert
        Assert.Equal("open", guard.BreakerState);
        Assert.Equal(runsBefore, runner.Runs);
        foreach (var error in new[] { fromCheck, fromRun })
        {
            Assert.Equal(ServingErrorKind.NotReady, error.Kind);
            Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
            Assert.Equal("Model m version 1 is failing repeatedly and is resting; retry in 2 s.", error.Message);
        }
    }

    [Fact]
    public async Task RunAsync_BreakOver_TheHalfOpenTrialSucceeds_AndClosesTheBreaker()
    {
        // Arrange: an open breaker.
        var time = new FakeTimeProvider();
        var guard = CreateGuard(time, null, Breaker);
        var runner = new ScriptedRunner();
        await OpenAsync(guard, runner);

        // Act
        time.Advance(Breaker.BreakDuration - TimeSpan.FromMilliseconds(1));
        var openJustBefore = Record.Exception(guard.ThrowIfOpen);
        time.Advance(TimeSpan.FromMilliseconds(1));
        guard.ThrowIfOpen();
        var trial = await guard.RunAsync(runner.Succeeding(), Inputs, default);
        var next = await guard.RunAsync(runner, Inputs, default);

        // Assert
        Assert.IsType<ServingException>(openJustBefore);
        Assert.NotNull(trial);
        Assert.NotNull(next);
        Assert.Equal("closed", guard.BreakerState);
    }

    [Fact]
    public async Task RunAsync_BreakOver_TheHalfOpenTrialFails_AndReopensTheBreakerForAnotherBreak()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var guard = CreateGuard(time, null, Breaker);
        var runner = new ScriptedRunner();
        await OpenAsync(guard, runner);
        time.Advance(Breaker.BreakDuration);

        // Act
        var trial = await Assert.ThrowsAsync<ServingException>(() => guard.RunAsync(runner.Failing(), Inputs, default).AsTask());
        var after = await Assert.ThrowsAsync<ServingException>(() => guard.RunAsync(runner.Succeeding(), Inputs, default).AsTask());

        // Assert
        Assert.Equal(ServingErrorKind.RuntimeFailure, trial.Kind);
        Assert.Equal(ServingErrorKind.NotReady, after.Kind);
        Assert.Equal("open", guard.BreakerState);
    }

    [Fact]
    public async Task RunAsync_Timeouts_CountTowardsTheBreaker()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var guard = CreateGuard(time, Timeout, Breaker);
        var runner = new ScriptedRunner();

        // Act: four runs that each wait for their token, stopped by the timeout the clock reaches.
        for (var i = 0; i < 4; i++)
        {
            var run = guard.RunAsync(runner.Hanging(), Inputs, default).AsTask();
            await WaitUntilAsync(() => runner.Hangs == i + 1);
            time.Advance(Timeout);
            var error = await Assert.ThrowsAsync<ServingException>(() => run.Within());
            Assert.Equal(ServingErrorKind.DeadlineExceeded, error.Kind);
        }

        // Assert
        Assert.Equal("open", guard.BreakerState);
        Assert.Equal(ServingErrorKind.NotReady, Assert.Throws<ServingException>(guard.ThrowIfOpen).Kind);
    }

    [Fact]
    public async Task RunAsync_InvalidInputAndCallersLeaving_NeverCountTowardsTheBreaker()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var guard = CreateGuard(time, Timeout, Breaker);
        var runner = new ScriptedRunner();

        // Act: rejected inputs, and runs whose callers leave while they run.
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<ServingException>(() => guard.RunAsync(runner.Rejecting(), Inputs, default).AsTask());
            using var leaving = new CancellationTokenSource();
            var run = guard.RunAsync(runner.Hanging(), Inputs, leaving.Token).AsTask();
            await WaitUntilAsync(() => runner.Hangs == i + 1);
            await leaving.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.Within());
        }

        var good = await guard.RunAsync(runner.Succeeding(), Inputs, default);

        // Assert
        Assert.NotNull(good);
        Assert.Equal("closed", guard.BreakerState);
    }

    [Fact]
    public async Task RunAsync_RunThatEndsWellAfterItsTimeoutFired_IsATimeoutNotASuccess()
    {
        // A runtime checks for termination only between nodes: the run below ignores its token and answers late.
        var time = new FakeTimeProvider();
        var guard = CreateGuard(time, Timeout, CircuitBreakerConfig.Disabled);
        var runner = new LateRunner(() => time.Advance(Timeout * 3));

        var error = await Assert.ThrowsAsync<ServingException>(() => guard.RunAsync(runner, Inputs, default).AsTask());

        Assert.Equal(ServingErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal(1, runner.Runs);
    }

    private static ExecutionGuard CreateGuard(TimeProvider time, TimeSpan? timeout, CircuitBreakerConfig breaker) =>
        new("m", 1, timeout, breaker, time, NullLogger.Instance);

    /// <summary>One success, then three runtime failures: the breaker's minimum throughput and ratio are reached.</summary>
    private static async Task OpenAsync(ExecutionGuard guard, ScriptedRunner runner)
    {
        await guard.RunAsync(runner.Succeeding(), Inputs, default);
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ServingException>(() => guard.RunAsync(runner.Failing(), Inputs, default).AsTask());
        }

        Assert.Equal("open", guard.BreakerState);
    }

    /// <summary>A runner whose run moves the clock (as a long run would) and then answers, ignoring its token.</summary>
    private sealed class LateRunner(Action during) : IModelRunner
    {
        public int Runs { get; private set; }

        public ModelSignature Signature => new([new TensorSpec("x", TensorDataType.Float, [-1, 3])], []);

        public string ExecutionProvider => "CPU";

        public ValueTask<IReadOnlyDictionary<string, TensorData>> RunAsync(
            IReadOnlyDictionary<string, TensorData> inputs, IReadOnlyList<string>? outputNames, CancellationToken cancellationToken)
        {
            Runs++;
            during();
            return ValueTask.FromResult<IReadOnlyDictionary<string, TensorData>>(inputs);
        }

        public void Dispose()
        {
        }
    }
}
