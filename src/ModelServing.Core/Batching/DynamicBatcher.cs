using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

/// <summary>Queues the requests of one model version and runs them through the model in batches (Triton's dynamic batcher).</summary>
/// <remarks>
/// Thread-safe: <see cref="RunAsync"/> may be called concurrently. One dispatcher loop task forms batches under a lock;
/// every runner call, batched or not, runs on an execution thread the batcher owns (never a thread-pool thread), at most
/// <see cref="BatchingOptions.MaxConcurrentExecutions"/> at once. The batcher owns those threads and ends them in
/// <see cref="DisposeAsync"/>; it does not own the runner: dispose the runner after <see cref="DisposeAsync"/> has
/// finished. The rules are in the folder's README.md.
/// </remarks>
internal sealed partial class DynamicBatcher : IModelScheduler
{
    private readonly IModelRunner _runner;
    private readonly BatchingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IModelExecutor _executor;
    private readonly BatchLayout _layout;
    private readonly bool _bypass;
    private readonly int _maxBatchSize;
    private readonly bool[] _preferred;
    private readonly Lock _lock = new();
    private readonly Channel<bool>? _wakeups;
    private readonly ITimer? _timer;
    private readonly Task? _loop;
    private long _sequence;
    private int _queued;
    private int _running;
    private bool _disposed;
    private TaskCompletionSource? _drained;

    /// <summary>Creates the batcher and starts its dispatcher loop (none when batching is off for this model).</summary>
    /// <remarks>Executions run on threads named <c>ms-exec-{index}</c>.</remarks>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (every problem is listed).</exception>
    public DynamicBatcher(IModelRunner runner, BatchingOptions options, TimeProvider timeProvider, ILogger logger)
        : this(runner, options, timeProvider, logger, executor: null)
    {
    }

    /// <summary>Creates the batcher with the executor its runner calls go to (the batcher owns and disposes it).</summary>
    /// <param name="runner">The model.</param>
    /// <param name="options">The batching settings.</param>
    /// <param name="timeProvider">The clock of queue delays, deadlines and the timer.</param>
    /// <param name="logger">Where batch failures are logged.</param>
    /// <param name="executor">
    /// Where executions run, with <see cref="BatchingOptions.MaxConcurrentExecutions"/> threads; null for
    /// <see cref="ExecutionThreads"/> named <c>ms-exec</c>.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (every problem is listed).</exception>
    internal DynamicBatcher(IModelRunner runner, BatchingOptions options, TimeProvider timeProvider, ILogger logger, IModelExecutor? executor)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "Invalid batching options: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(options));
        }

        _runner = runner;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _executor = executor ?? new ExecutionThreads("ms-exec", options.MaxConcurrentExecutions, logger);
        _layout = new BatchLayout(runner.Signature, options.PadVariableLength);
        _maxBatchSize = options.MaxBatchSize;
        _bypass = _maxBatchSize == 0 || !_layout.HasBatchInputs;
        _preferred = new bool[_maxBatchSize + 1];
        foreach (var size in options.PreferredBatchSizes)
        {
            _preferred[size] = true;
        }

        if (!_bypass)
        {
            _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
            {
                FullMode = BoundedChannelFullMode.DropWrite,
                SingleReader = true,
            });

            // The loop and the timer serve every request; they must not carry the creating caller's context (trace, culture).
            var suppressed = ExecutionContext.IsFlowSuppressed();
            if (!suppressed)
            {
                ExecutionContext.SuppressFlow();
            }

            try
            {
                _timer = timeProvider.CreateTimer(OnTimer, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _loop = Task.Run(DispatchLoopAsync);
            }
            finally
            {
                if (!suppressed)
                {
                    ExecutionContext.RestoreFlow();
                }
            }
        }
    }

    /// <summary>The <c>model</c> and <c>version</c> tags of the batcher's metrics (<see cref="Telemetry.ServingTelemetry.VersionTags"/>).</summary>
    public KeyValuePair<string, object?>[] MetricTags { get; init; } = [];

    /// <summary>The version's inference timeout and circuit breaker, applied to every model execution.</summary>
    /// <value>Default <see cref="ExecutionGuard.None"/>: no timeout, no breaker.</value>
    public ExecutionGuard Guard { get; init; } = ExecutionGuard.None;

    /// <summary>Rows per model execution, raised as each batch starts (for a batch-size histogram).</summary>
    /// <remarks>Raised on the execution thread; handlers must be quick and must not throw. Not raised for bypassed calls.</remarks>
    public event Action<int>? BatchExecuted;

    /// <inheritdoc />
    public TimeSpan? DefaultTimeout => _options.DefaultTimeout;

    /// <summary>Requests waiting in the queue (a request split across batches counts until its last part starts).</summary>
    public int QueueDepth => Volatile.Read(ref _queued);

    /// <summary>True when the dispatcher has handled every wake-up so far (for tests).</summary>
    internal bool IsDispatcherIdle => Volatile.Read(ref _handledSignals) == Volatile.Read(ref _signals);

    /// <summary>Executions dispatched and not yet finished (for tests).</summary>
    internal int RunningExecutions
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Runs one request's inputs through the model, batched with other requests.</summary>
    /// <param name="inputs">One tensor per model input; batch inputs share dimension 0 (the request's rows).</param>
    /// <param name="deadline">When the caller stops waiting; null for now + <see cref="BatchingOptions.DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">The caller going away.</param>
    /// <returns>Every model output, holding this request's rows only.</returns>
    /// <exception cref="ServingException">
    /// QueueFull, DeadlineExceeded (also when the inference timeout stopped the run), NotReady (unloading, or the circuit
    /// breaker is open), InvalidInput, or the runner's error.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs,
        DateTimeOffset? deadline,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyDictionary<string, TensorData>>(cancellationToken);
        }

        try
        {
            // An open circuit breaker answers at once instead of queuing behind a model that keeps failing.
            Guard.ThrowIfOpen();
        }
        catch (ServingException ex)
        {
            return Task.FromException<IReadOnlyDictionary<string, TensorData>>(ex);
        }

        var now = _time.GetUtcNow().UtcTicks;
        var deadlineTicks = deadline?.UtcTicks
            ?? (_options.DefaultTimeout is { } timeout ? SaturatingAdd(now, timeout.Ticks) : long.MaxValue);
        if (deadlineTicks <= now)
        {
            return Task.FromException<IReadOnlyDictionary<string, TensorData>>(DeadlineExceeded());
        }

        if (_bypass)
        {
            return RunDirect(inputs, 0, deadlineTicks, inline: false, cancellationToken);
        }

        long rows;
        int groupHash;
        try
        {
            rows = _layout.Describe(inputs, out groupHash);
        }
        catch (ServingException ex)
        {
            return Task.FromException<IReadOnlyDictionary<string, TensorData>>(ex);
        }

        if (rows == 0)
        {
            // Nothing to predict, and a model run on an empty batch fails (a convolution has no image to read).
            return Task.FromException<IReadOnlyDictionary<string, TensorData>>(
                ServingException.Invalid("The request has no instances (its batch inputs have 0 rows); a request needs at least one."));
        }

        // Nothing to batch (no batch input given): the model sees the request as it is.
        if (rows < 0)
        {
            return RunDirect(inputs, 0, deadlineTicks, inline: false, cancellationToken);
        }

        return TryStartInline(rows)
            ? RunDirect(inputs, rows, deadlineTicks, inline: true, cancellationToken)
            : Enqueue(inputs, rows, groupHash, deadlineTicks, cancellationToken);
    }

    private static long SaturatingAdd(long ticks, long add) => add >= long.MaxValue - ticks ? long.MaxValue : ticks + add;

    private static ServingException DeadlineExceeded() =>
        new(ServingErrorKind.DeadlineExceeded, "The request's deadline passed before the model could run it.");

    private static ServingException Unloading() => new(ServingErrorKind.NotReady, "The model version is unloading.");

    private ServingException QueueFull() =>
        new(ServingErrorKind.QueueFull, $"The batching queue is full ({_options.MaxQueueSize} requests are waiting); retry later.");
}
