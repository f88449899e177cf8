using System.Globalization;
using Microsoft.Extensions.Logging;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ModelServing.Core.Runtime;

/// <summary>Runs a model version's executions under its inference timeout and circuit breaker (Polly).</summary>
/// <remarks>
/// Thread-safe; one per loaded version. The timeout cancels the token the runner gets, which stops an ONNX Runtime run
/// (<c>RunOptions.Terminate</c>); the execution then fails with DeadlineExceeded. The breaker counts runtime failures and
/// timeouts (never invalid input or a caller going away); while it is open <see cref="ThrowIfOpen"/> and executions fail at
/// once with NotReady and a <see cref="ServingException.RetryAfter"/>.
/// </remarks>
public sealed partial class ExecutionGuard
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider? _breaker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _model;
    private readonly long _version;
    private readonly TimeSpan? _timeout;
    private long _openUntil;

    /// <summary>Creates the guard of one model version.</summary>
    /// <param name="model">Model name, for messages.</param>
    /// <param name="version">Version number, for messages.</param>
    /// <param name="inferenceTimeout">Longest one execution may run; null for no limit.</param>
    /// <param name="breaker">The circuit breaker's settings.</param>
    /// <param name="timeProvider">The clock of the timeout and the breaker.</param>
    /// <param name="logger">Where breaker transitions and timeouts are logged.</param>
    public ExecutionGuard(string model, long version, TimeSpan? inferenceTimeout, CircuitBreakerConfig breaker, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _model = model;
        _version = version;
        _timeout = inferenceTimeout;
        _time = timeProvider;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (breaker.Enabled)
        {
            // Outermost, so that a timeout counts as a failure.
            _breaker = new CircuitBreakerStateProvider();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                StateProvider = _breaker,
                ShouldHandle = new PredicateBuilder()
                    .Handle<ServingException>(e => e.Kind == ServingErrorKind.RuntimeFailure)
                    .Handle<TimeoutRejectedException>(),
                OnOpened = args =>
                {
                    Volatile.Write(ref _openUntil, (_time.GetUtcNow() + args.BreakDuration).UtcTicks);
                    Log.BreakerOpened(_logger, _model, _version, args.BreakDuration.TotalSeconds, args.Outcome.Exception);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    Log.BreakerHalfOpened(_logger, _model, _version);
                    return default;
                },
                OnClosed = _ =>
                {
                    Log.BreakerClosed(_logger, _model, _version);
                    return default;
                },
            });
        }

        if (inferenceTimeout is { } timeout)
        {
            builder.AddTimeout(timeout);
        }

        _pipeline = builder.Build();
    }

    /// <summary>A guard with no timeout and no breaker.</summary>
    public static ExecutionGuard None { get; } = new(string.Empty, 0, null, CircuitBreakerConfig.Disabled, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <summary>The breaker's state: <c>closed</c>, <c>open</c>, <c>half_open</c>; null when the version has no breaker.</summary>
    public string? BreakerState => _breaker?.CircuitState switch
    {
        null => null,
        CircuitState.Open or CircuitState.Isolated => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "closed",
    };

    /// <summary>Fails at once while the breaker is open and its break has not ended.</summary>
    /// <exception cref="ServingException">NotReady, with when to retry.</exception>
    public void ThrowIfOpen()
    {
        if (_breaker is not null && Volatile.Read(ref _openUntil) is var until && until > 0
            && _breaker.CircuitState is CircuitState.Open)
        {
            var left = TimeSpan.FromTicks(until - _time.GetUtcNow().UtcTicks);
            if (left > TimeSpan.Zero)
            {
                throw Broken(left);
            }
        }
    }

    /// <summary>Runs <paramref name="runner"/> on <paramref name="inputs"/> under the timeout and the breaker.</summary>
    /// <exception cref="ServingException">DeadlineExceeded (the timeout stopped the run), NotReady (the breaker is open), or the runner's error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IModelRunner runner, IReadOnlyDictionary<string, TensorData> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var outputs = await state.Runner.RunAsync(state.Inputs, null, ctx.CancellationToken).ConfigureAwait(false);

                    // A run can still end well after its timeout fired (a runtime checks for termination only between
                    // nodes): its answer is late all the same, and it counts as a timeout, not a success.
                    ctx.CancellationToken.ThrowIfCancellationRequested();
                    return outputs;
                },
                context,
                (Runner: runner, Inputs: inputs)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            Log.RunTimedOut(_logger, _model, _version, _timeout!.Value.TotalMilliseconds);
            throw new ServingException(
                ServingErrorKind.DeadlineExceeded,
                $"Model {_model} version {_version} did not finish within its inference timeout of {Milliseconds(_timeout!.Value)} ms; the run was stopped.",
                ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw Broken(ex.RetryAfter ?? TimeSpan.FromSeconds(1), ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ServingException Broken(TimeSpan retryAfter, Exception? inner = null)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var message = $"Model {_model} version {_version} is failing repeatedly and is resting; retry in {seconds} s.";
        var wait = TimeSpan.FromSeconds(seconds);
        return inner is null
            ? new ServingException(ServingErrorKind.NotReady, message) { RetryAfter = wait }
            : new ServingException(ServingErrorKind.NotReady, message, inner) { RetryAfter = wait };
    }

    private static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
}
