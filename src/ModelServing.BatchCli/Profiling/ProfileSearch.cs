using System.Diagnostics;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Repository;

namespace ModelServing.BatchCli.Profiling;

/// <summary>
/// The search: coordinate by coordinate (executions and threads, then batch size, then queue delay, then preferred batch
/// sizes), each candidate swept over the offered concurrency (1, 2, 4..., or the caller's points) while it still pays; then
/// the <see cref="GatewayCheck"/> of the finalists through the real gateway.
/// </summary>
/// <remarks>
/// Pruning: a sweep stops once p99 passes the target, a request fails, throughput stops rising (two points in a row less
/// than 5 % over the sweep's best), or, from concurrency 4, the candidate is dominated at the same concurrency by the best
/// configuration so far (under 80 % of its throughput at no better p99). Each coordinate keeps the best candidate so far and varies the next one, so a run tries
/// about a dozen configurations, never the product of every setting. Each configuration is a fresh in-process load of the
/// model from the repository, its config adjusted in memory; the repository is only read.
/// </remarks>
internal sealed partial class ProfileSearch
{
    private const double RiseNeeded = 1.05;
    private const double DominatedBelow = 0.8;
    private const int FlatPointsToStop = 2;
    private const int DominanceFrom = 4;

    private readonly ProfileSettings _settings;
    private readonly Action<string> _status;
    private readonly Action<TrialPoint> _completed;
    private readonly Action<int, TrialPoint> _checked;
    private readonly List<TrialPoint> _points = [];
    private readonly List<string> _notes = [];
    private readonly HashSet<TrialConfig> _tried = [];
    private long _deadline;

    /// <summary>Creates the search; <paramref name="status"/> hears what runs now, <paramref name="completed"/> each finished in-process trial, <paramref name="checkedPoint"/> each gateway check point with its round.</summary>
    public ProfileSearch(ProfileSettings settings, Action<string> status, Action<TrialPoint> completed, Action<int, TrialPoint>? checkedPoint = null)
    {
        _settings = settings;
        _status = status;
        _completed = completed;
        _checked = checkedPoint ?? ((_, _) => { });
    }

    /// <summary>Where the samples came from, once loaded.</summary>
    public string? SampleSource { get; private set; }

    /// <summary>Runs the search within the budget; cancellation ends it early with what was measured.</summary>
    /// <exception cref="ModelServing.Batch.BatchJobException">The model cannot load.</exception>
    /// <exception cref="SampleException">The samples cannot be read or do not fit.</exception>
    public async Task<ProfileResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var end = Stopwatch.GetTimestamp() + (long)(_settings.Budget.TotalSeconds * Stopwatch.Frequency);
        ModelConfig? original = null;
        SampleSet samples;
        _status($"loading {_settings.Model}");
        await using (var host = await BatchServingHost.StartAsync(_settings.Repository, _settings.Model, c => original = c, cancellationToken).ConfigureAwait(false))
        {
            using var lease = host.Inference.Acquire(_settings.Model, VersionSelector.Latest);
            samples = SampleSet.Load(_settings.Samples, lease.Signature, _settings.ItemsPerRequest);
            SampleSource = samples.Source;
        }

        // A gateway start costs about a model load plus Kestrel's start; the check's share of the budget is held back from here.
        var startup = clock.Elapsed + TimeSpan.FromSeconds(1);
        var reserved = GatewayCheck.Reserve(_settings, startup);
        _deadline = end - (long)(reserved.TotalSeconds * Stopwatch.Frequency);
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

        GatewayCheckResult? check = null;
        if (stoppedBy != "cancelled")
        {
            check = await new GatewayCheck(_settings, samples, _status, _checked, end, startup).RunAsync(_points, baseline, reserved, cancellationToken).ConfigureAwait(false);
            stoppedBy = check.StoppedBy == "completed" ? stoppedBy : check.StoppedBy;
            _notes.AddRange(check.Notes);
        }

        return new ProfileResult(baseline, [.. _points], stoppedBy, clock.Elapsed, [.. _notes], check);
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
