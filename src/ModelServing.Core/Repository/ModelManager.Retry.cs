using System.Collections.Concurrent;
using Polly;
using Polly.Retry;

namespace ModelServing.Core.Repository;

/// <summary>Retries failed loads with exponential backoff even when nothing on disk changed.</summary>
/// <remarks>
/// One retry loop per failed (model, version). Each attempt takes the reconcile gate and reloads the version only if it is
/// still the failed one being served and its files have settled; between attempts no lock is held. The loop ends when the
/// version is AVAILABLE, gone, manually unloaded, or <see cref="ModelRepositoryOptions.RetryMaxAttempts"/> is used up.
/// A file or config change still reloads at the next scan, independently of this loop.
/// </remarks>
public sealed partial class ModelManager
{
    private readonly ConcurrentDictionary<(string Model, long Version), Task> _retries = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _retriesStopped;
    private readonly ResiliencePipeline<bool>? _retryPipeline;

    /// <summary>How many retry loops are running now.</summary>
    public int PendingRetries => _retries.Count;

    private ResiliencePipeline<bool>? BuildRetryPipeline()
    {
        if (_options.RetryMaxAttempts <= 0)
        {
            return null;
        }

        return new ResiliencePipelineBuilder<bool> { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = new PredicateBuilder<bool>().HandleResult(false),
                MaxRetryAttempts = _options.RetryMaxAttempts,
                Delay = _options.RetryInitialDelay,
                MaxDelay = _options.RetryMaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    var key = args.Context.Properties.GetValue(RetryKey, default);
                    Log.VersionRetrying(_logger, key.Model, key.Version, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }

    private static readonly ResiliencePropertyKey<(string Model, long Version)> RetryKey = new("modelserving.retry");

    private static bool IsFailed(ModelVersion version) =>
        version.State == ModelVersionState.End && version.Status.ErrorCode != "OK";

    private bool IsStillFailed(string model, long number) =>
        Snapshot.Models.TryGetValue(model, out var served) && served.FindVersion(number) is { } version && IsFailed(version);

    private void ScheduleRetry(string model, long number)
    {
        if (_retryPipeline is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        var key = (model, number);
        if (_retries.ContainsKey(key))
        {
            return;
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = RunRetryLoopAsync(key, start.Task);
        if (_retries.TryAdd(key, loop))
        {
            start.SetResult();
        }
        else
        {
            start.SetCanceled();
        }
    }

    private async Task RunRetryLoopAsync((string Model, long Version) key, Task start)
    {
        try
        {
            await start.ConfigureAwait(false);
            var context = ResilienceContextPool.Shared.Get(_stopping.Token);
            context.Properties.Set(RetryKey, key);
            try
            {
                var first = true;
                var loaded = await _retryPipeline!.ExecuteAsync(
                    async ctx =>
                    {
                        if (first)
                        {
                            // The load that started this loop was the first attempt; only the retries run here.
                            first = false;
                            return false;
                        }

                        return await RetryVersionAsync(key.Model, key.Version, ctx.CancellationToken).ConfigureAwait(false);
                    },
                    context).ConfigureAwait(false);
                if (!loaded)
                {
                    Log.RetriesExhausted(_logger, key.Model, key.Version, _options.RetryMaxAttempts);
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _retries.TryRemove(key, out _);
        }
    }

    /// <summary>Reloads a failed version if it is still the one served; true when the loop can stop.</summary>
    private async ValueTask<bool> RetryVersionAsync(string model, long number, CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsStillFailed(model, number))
            {
                return true;
            }

            _retryRequested.Add((model, number));
            await ReconcileCoreAsync(cancellationToken).ConfigureAwait(false);
            return !IsStillFailed(model, number);
        }
        finally
        {
            _retryRequested.Clear();
            _reconcileGate.Release();
        }
    }

    private async Task StopRetriesAsync()
    {
        // The host stops the manager, then the container disposes it again.
        if (Interlocked.Exchange(ref _retriesStopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_retries.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
