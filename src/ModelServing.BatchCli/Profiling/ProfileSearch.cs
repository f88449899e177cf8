using System.Diagnostics;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Repository;

namespace ModelServing.BatchCli.Profiling;

/// <summary>
/// The search: coordinate by coordinate (executions and threads, then batch size, then queue delay, then preferred batch
/// sizes), each candidate swept over the offered concurrency 1, 2, 4... while it still pays.
/// </summary>
/// <remarks>
/// Pruning: a sweep stops once p99 passes the target, a request fails, throughput stops rising (less than 5 % over the
/// sweep's best), or the candidate is dominated at the same concurrency by the best configuration so far (under 80 % of its
/// throughput at no better p99). Each coordinate keeps the best candidate so far and varies the next one, so a run tries
/// about a dozen configurations, never the product of every setting. Each configuration is a fresh in-process load of the
/// model from the repository, its config adjusted in memory; the repository is only read.
/// </remarks>
internal sealed partial class ProfileSearch
{
    private const double RiseNeeded = 1.05;
    private const double DominatedBelow = 0.8;

    private readonly ProfileSettings _settings;
    private readonly Action<string> _status;
    private readonly Action<TrialPoint> _completed;
    private readonly List<TrialPoint> _points = [];
    private readonly List<string> _notes = [];
    private readonly HashSet<TrialConfig> _tried = [];
    private long _deadline;

    /// <summary>Creates the search; <paramref name="status"/> hears what runs now, <paramref name="completed"/> each finished trial.</summary>
    public ProfileSearch(ProfileSettings settings, Action<string> status, Action<TrialPoint> completed)
    {
        _settings = settings;
        _status = status;
        _completed = completed;
    }

    /// <summary>Where the samples came from, once loaded.</summary>
    public string? SampleSource { get; private set; }

    /// <summary>Runs the search within the budget; cancellation ends it early with what was measured.</summary>
    /// <exception cref="ModelServing.Batch.BatchJobException">The model cannot load.</exception>
    /// <exception cref="SampleException">The samples cannot be read or do not fit.</exception>
    public async Task<ProfileResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _deadline = Stopwatch.GetTimestamp() + (long)(_settings.Budget.TotalSeconds * Stopwatch.Frequency);
        ModelConfig? original = null;
        SampleSet samples;
        _status($"loading {_settings.Model}");
        await using (var host = await BatchServingHost.StartAsync(_settings.Repository, _settings.Model, c => original = c, cancellationToken).ConfigureAwait(false))
        {
            using var lease = host.Inference.Acquire(_settings.Model, VersionSelector.Latest);
            samples = SampleSet.Load(_settings.Samples, lease.Signature, _settings.ItemsPerRequest);
            SampleSource = samples.Source;
        }

        var baseline = TrialConfig.From(original!);
        var stoppedBy = "completed";
        try
        {
            var best = baseline;
            foreach (var stage in Stages())
            {
                foreach (var candidate in stage(best).Distinct())
                {
                    if (!_tried.Add(candidate))
                    {
                        continue;
                    }

                    await SweepAsync(candidate, samples, cancellationToken).ConfigureAwait(false);
                    best = BestConfig() ?? best;
                }
            }
        }
        catch (BudgetExhaustedException)
        {
            stoppedBy = "budget";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stoppedBy = "cancelled";
        }

        return new ProfileResult(baseline, [.. _points], stoppedBy, clock.Elapsed, [.. _notes]);
    }

    private async Task SweepAsync(TrialConfig config, SampleSet samples, CancellationToken cancellationToken)
    {
        EnsureTimeFor(TimeSpan.FromSeconds(1));
        _status($"loading {config}");
        var incumbent = BestConfig();
        await using var host = await BatchServingHost.StartAsync(_settings.Repository, _settings.Model, config.Apply, cancellationToken).ConfigureAwait(false);
        TrialPoint? sweepBest = null;
        for (var concurrency = 1; concurrency <= _settings.MaxConcurrency; concurrency *= 2)
        {
            EnsureTimeFor(_settings.Warmup + _settings.Window);
            _status($"{config}, concurrency {concurrency}");
            var point = await LoadTrial.RunAsync(host.Inference, _settings.Model, samples, config, concurrency, _settings.Warmup, _settings.Window, cancellationToken).ConfigureAwait(false);
            _points.Add(point);
            _completed(point);
            if (StopReason(point, sweepBest, incumbent) is { } reason)
            {
                _notes.Add($"{config}: stopped at concurrency {concurrency} ({reason})");
                return;
            }

            if (sweepBest is null || point.ItemsPerSecond > sweepBest.ItemsPerSecond)
            {
                sweepBest = point;
            }
        }
    }

    private string? StopReason(TrialPoint point, TrialPoint? sweepBest, TrialConfig? incumbent)
    {
        if (point.Errors > 0)
        {
            return $"{point.Errors} failed requests";
        }

        if (_settings.Target.P99 is { } budget && point.P99Milliseconds > budget.TotalMilliseconds)
        {
            return "p99 beyond the target";
        }

        if (sweepBest is not null && point.ItemsPerSecond < sweepBest.ItemsPerSecond * RiseNeeded)
        {
            return "throughput stopped rising";
        }

        var rival = incumbent is null ? null : _points.FirstOrDefault(p => p.Config == incumbent && p.Concurrency == point.Concurrency);
        return rival is not null && point.ItemsPerSecond < rival.ItemsPerSecond * DominatedBelow && point.P99Milliseconds >= rival.P99Milliseconds
            ? "dominated by the best configuration so far"
            : null;
    }

    /// <summary>The configuration with the most throughput among points meeting the target; null before any does.</summary>
    private TrialConfig? BestConfig() =>
        _points.Where(_settings.Target.IsMet).MaxBy(p => p.ItemsPerSecond)?.Config;

    private void EnsureTimeFor(TimeSpan needed)
    {
        if (Stopwatch.GetTimestamp() + (long)(needed.TotalSeconds * Stopwatch.Frequency) > _deadline)
        {
            throw new BudgetExhaustedException();
        }
    }

    private sealed class BudgetExhaustedException : Exception;
}
