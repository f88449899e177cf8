using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;

namespace ModelServing.BatchCli.Profiling;

/// <summary>One candidate's sweep over the offered concurrency, and when it stops.</summary>
internal sealed partial class ProfileSearch
{
    private async Task SweepAsync(TrialConfig config, SampleSet samples, CancellationToken cancellationToken)
    {
        EnsureTimeFor(TimeSpan.FromSeconds(1));
        _status($"loading {config}");
        var incumbent = BestConfig();
        await using var host = await BatchServingHost.StartAsync(_settings.Repository, _settings.Model, config.Apply, cancellationToken).ConfigureAwait(false);
        await PrimeAsync(host, samples, cancellationToken).ConfigureAwait(false);
        TrialPoint? sweepBest = null;
        var flat = 0;
        foreach (var concurrency in OfferedConcurrency())
        {
            EnsureTimeFor(_settings.Warmup + _settings.Window);
            _status($"{config}, concurrency {concurrency}");
            var point = await LoadTrial.RunAsync(host.Inference, _settings.Model, samples, config, concurrency, _settings.Warmup, _settings.Window, cancellationToken).ConfigureAwait(false);
            _points.Add(point);
            _completed(point);
            flat = sweepBest is not null && point.ItemsPerSecond < sweepBest.ItemsPerSecond * RiseNeeded ? flat + 1 : 0;
            if (StopReason(point, flat, incumbent) is { } reason)
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

    /// <summary>The caller's concurrency points, else 1, 2, 4... up to the maximum.</summary>
    private IEnumerable<int> OfferedConcurrency()
    {
        if (_settings.Concurrency is { Count: > 0 } given)
        {
            return given;
        }

        return Doubling(_settings.MaxConcurrency);

        static IEnumerable<int> Doubling(int max)
        {
            for (var concurrency = 1; concurrency <= max; concurrency *= 2)
            {
                yield return concurrency;
            }
        }
    }

    private string? StopReason(TrialPoint point, int flat, TrialConfig? incumbent)
    {
        if (point.Errors > 0)
        {
            return $"{point.Errors} failed requests";
        }

        if (point.Requests == 0)
        {
            return "no answer inside the window";
        }

        if (_settings.Target.P99 is { } budget && point.P99Milliseconds > budget.TotalMilliseconds)
        {
            return "p99 beyond the target";
        }

        if (flat >= FlatPointsToStop)
        {
            return "throughput stopped rising";
        }

        // At low concurrency batching and executions barely matter and one noisy point would decide; compare from DominanceFrom.
        var rival = incumbent is null || point.Concurrency < DominanceFrom ? null : _points.FirstOrDefault(p => p.Config == incumbent && p.Concurrency == point.Concurrency);
        return rival is not null && point.ItemsPerSecond < rival.ItemsPerSecond * DominatedBelow && point.P99Milliseconds >= rival.P99Milliseconds
            ? "dominated by the best configuration so far"
            : null;
    }

    /// <summary>One request of each sample before the first trial, so compiling the serving path is not measured.</summary>
    /// <exception cref="SampleException">A sample fails on the model (the search cannot measure it).</exception>
    private async Task PrimeAsync(BatchServingHost host, SampleSet samples, CancellationToken cancellationToken)
    {
        using var lease = host.Inference.Acquire(_settings.Model, VersionSelector.Latest);
        foreach (var request in samples.Requests.Take(4))
        {
            try
            {
                await host.Inference.InferAsync(lease, request, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ServingException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SampleException($"A sample request fails on {_settings.Model}: {ex.Message}");
            }
        }
    }
}
