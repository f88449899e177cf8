using System.Diagnostics;
using System.Globalization;
using ModelServing.Batch;

namespace ModelServing.BatchCli.Profiling;

/// <summary>
/// The check after the in-process search: the finalists measured through the real gateway on loopback (HTTP, JSON and
/// base64 decoding, Kestrel and the gateway's own CPU included) at the caller's offered concurrencies, in interleaved rounds.
/// </summary>
/// <remarks>
/// Each finalist and round is a fresh <see cref="CheckGateway"/> (the model loaded with that configuration), primed
/// with each sample once, then driven in a closed loop per offered concurrency with the REST predict bodies of the
/// samples. Before the first round, one unmeasured pass with the first finalist warms the process up (the JIT compiles
/// Kestrel's, the JSON reader's and the HTTP client's code, the thread pool and the GC heap grow, once per process):
/// without it the first three finalists of round 1 ran a fifth to a third slower than in round 2 (loans, 2026-12-07).
/// Every point is measured whatever the previous one gave, so the rounds stay comparable; a finalist is scored by the
/// mean of its rounds. The budget is checked before every gateway start and point; cancellation ends the point in
/// flight, which is dropped.
/// </remarks>
internal sealed partial class GatewayCheck
{
    private readonly ProfileSettings _settings;
    private readonly SampleSet _samples;
    private readonly Action<string> _status;
    private readonly Action<int, TrialPoint> _completed;
    private readonly long _deadline;
    private readonly TimeSpan _startup;

    /// <summary>Creates the check.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="samples">The samples (their REST bodies are posted).</param>
    /// <param name="status">Hears what runs now.</param>
    /// <param name="completed">Hears each finished point with its round (1-based).</param>
    /// <param name="deadline">The run's end as a <see cref="Stopwatch"/> timestamp.</param>
    /// <param name="startup">The estimated time to start a gateway with the model.</param>
    public GatewayCheck(ProfileSettings settings, SampleSet samples, Action<string> status, Action<int, TrialPoint> completed, long deadline, TimeSpan startup)
    {
        _settings = settings;
        _samples = samples;
        _status = status;
        _completed = completed;
        _deadline = deadline;
        _startup = startup;
    }

    /// <summary>Measures the finalists of <paramref name="points"/> within the time left; returns what it measured, also when the budget or cancellation cut it short.</summary>
    public async Task<GatewayCheckResult> RunAsync(IReadOnlyList<TrialPoint> points, TrialConfig baseline, TimeSpan reserved, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var notes = new List<string>();
        var candidates = Finalists(points, baseline, _settings.Target);
        var concurrency = Points(_settings, candidates);
        var available = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _deadline);
        var plan = Fit(candidates.Count, concurrency.Count, _settings.CheckWarmup, _settings.CheckWindow, _startup, available);
        if (plan is not { } fitted)
        {
            notes.Add(Invariant($"gateway check skipped: {available.TotalSeconds:F0} s left, not enough for one round of two finalists"));
            return new GatewayCheckResult(concurrency, _settings.CheckWarmup, _settings.CheckWindow, 0, reserved, clock.Elapsed, "budget", [], notes);
        }

        var (count, rounds, window) = fitted;
        if (count < candidates.Count)
        {
            notes.Add($"gateway check: left out for time {string.Join("; ", candidates.Skip(count).Select(c => $"{c.Config} ({string.Join(", ", c.Roles)})"))}");
        }

        if (rounds < Rounds || window < _settings.CheckWindow)
        {
            notes.Add(Invariant($"gateway check shortened to fit the budget: {rounds} round(s) of {window.TotalSeconds:0.#} s windows"));
        }

        var finalists = candidates.Take(count).Select(c => new Measured(c)).ToList();
        var stoppedBy = "completed";
        try
        {
            await MeasureAsync(finalists[0], 0, concurrency, window, cancellationToken).ConfigureAwait(false);
            for (var round = 1; round <= rounds; round++)
            {
                var order = round % 2 == 1 ? finalists : Enumerable.Reverse(finalists);
                foreach (var finalist in order.Where(f => f.Failure is null))
                {
                    await MeasureAsync(finalist, round, concurrency, window, cancellationToken).ConfigureAwait(false);
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

        notes.AddRange(finalists.Where(f => f.Failure is not null).Select(f => $"gateway check: {f.Candidate.Config}: {f.Failure}"));
        var measured = finalists.Select(f => f.Candidate with { Rounds = [.. f.Rounds.Where(r => r.Count > 0)], Failure = f.Failure }).ToList();
        return new GatewayCheckResult(concurrency, _settings.CheckWarmup, window, rounds, reserved, clock.Elapsed, stoppedBy, measured, notes);
    }

    /// <summary>Measures one round of <paramref name="finalist"/>; round 0 is the warm-up, run the same way and thrown away.</summary>
    private async Task MeasureAsync(Measured finalist, int round, IReadOnlyList<int> concurrency, TimeSpan window, CancellationToken cancellationToken)
    {
        EnsureTimeFor(_startup);
        var config = finalist.Candidate.Config;
        var stage = round == 0 ? "gateway check, warm-up (not measured)" : Invariant($"gateway check, round {round}");
        _status($"{stage}: starting the gateway with {config}");
        CheckGateway gateway;
        try
        {
            gateway = await CheckGateway.StartAsync(_settings.Repository, _settings.Model, config, concurrency.Max(), cancellationToken).ConfigureAwait(false);
        }
        catch (BatchJobException ex)
        {
            finalist.Failure = ex.Message;
            return;
        }

        await using (gateway.ConfigureAwait(false))
        {
            foreach (var body in _samples.Bodies.Take(4))
            {
                await gateway.SendAsync(body, cancellationToken).ConfigureAwait(false);
            }

            var points = new List<TrialPoint>();
            if (round > 0)
            {
                finalist.Rounds.Add(points);
            }

            foreach (var c in concurrency)
            {
                EnsureTimeFor(_settings.CheckWarmup + window);
                _status(Invariant($"{stage}: {config}, concurrency {c}"));
                var point = await LoadTrial.RunAsync(
                    (index, token) => gateway.SendAsync(_samples.Bodies[index], token), _samples, config, c, _settings.CheckWarmup, window, cancellationToken).ConfigureAwait(false);
                if (round > 0)
                {
                    points.Add(point);
                    _completed(round, point);
                }
            }
        }
    }

    private void EnsureTimeFor(TimeSpan needed)
    {
        if (Stopwatch.GetTimestamp() + (long)(needed.TotalSeconds * Stopwatch.Frequency) > _deadline)
        {
            throw new BudgetExhaustedException();
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A finalist while it is measured.</summary>
    private sealed class Measured(CheckFinalist candidate)
    {
        public CheckFinalist Candidate { get; } = candidate;

        public List<List<TrialPoint>> Rounds { get; } = [];

        public string? Failure { get; set; }
    }

    private sealed class BudgetExhaustedException : Exception;
}
