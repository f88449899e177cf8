using System.Diagnostics;
using System.Globalization;
using ModelServing.Batch;

namespace ModelServing.BatchCli.Profiling;

/// <summary>
/// The check after the in-process search: the finalists measured through the real gateway on loopback (HTTP, JSON and
/// base64 decoding, Kestrel and the gateway's own CPU included) at the caller's offered concurrencies, in interleaved rounds.
/// </summary>
/// <remarks>
/// Each round starts a fresh <see cref="CheckGateway"/> per finalist (the model loaded with that configuration), all up at
/// once in this process, each primed with the samples; then each offered concurrency is driven in a closed loop with the REST
/// predict bodies of the samples, finalist after finalist, the order turning from point to point and from round to round.
/// Finalists compared at a point are thus measured seconds apart. When the memory left would not hold every finalist's
/// gateway (the warm-up pass tells one's footprint), they are hosted a few at a time. Before the first round, one
/// unmeasured pass with the first finalist warms the process up (the JIT compiles Kestrel's, the JSON reader's and the HTTP
/// client's code, the thread pool and the GC heap grow, once per process): without it the first three finalists of round 1
/// ran a fifth to a third slower than in round 2 (loans, 2026-12-07). Every point is measured whatever the previous one
/// gave, so the rounds stay comparable; a finalist is scored by the mean of its rounds. The budget is checked before every
/// gateway start and point; cancellation ends the point in flight, which is dropped, and a round cut short keeps only the
/// points every finalist got (<see cref="Comparable"/>).
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
            var footprint = await WarmUpAsync(finalists[0], concurrency, window, cancellationToken).ConfigureAwait(false);
            var atOnce = AtOnce(finalists.Count, footprint, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - Environment.WorkingSet);
            if (atOnce < finalists.Count)
            {
                notes.Add(Invariant($"gateway check: {atOnce} finalist(s) hosted at once, not all {finalists.Count}: one takes about {footprint / 1e6:F0} MB"));
            }

            for (var round = 1; round <= rounds; round++)
            {
                foreach (var group in finalists.Where(f => f.Failure is null).Chunk(atOnce))
                {
                    await MeasureAsync(group, round, concurrency, window, cancellationToken).ConfigureAwait(false);
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
        var measured = Comparable(finalists.Select(f => f.Candidate with { Rounds = [.. f.Rounds], Failure = f.Failure }).ToList());
        return new GatewayCheckResult(concurrency, _settings.CheckWarmup, window, rounds, reserved, clock.Elapsed, stoppedBy, measured, notes);
    }

    /// <summary>The unmeasured pass before round 1 with <paramref name="finalist"/>; returns how much the process grew while it was up (its memory footprint, an upper bound).</summary>
    private async Task<long> WarmUpAsync(Measured finalist, IReadOnlyList<int> concurrency, TimeSpan window, CancellationToken cancellationToken)
    {
        const string stage = "gateway check, warm-up (not measured)";
        var before = Environment.WorkingSet;
        var gateway = await StartAsync(finalist, stage, concurrency, cancellationToken).ConfigureAwait(false);
        if (gateway is null)
        {
            return 0;
        }

        await using (gateway.ConfigureAwait(false))
        {
            var peak = Environment.WorkingSet;
            foreach (var c in concurrency)
            {
                EnsureTimeFor(_settings.CheckWarmup + window);
                _status(Invariant($"{stage}: {finalist.Candidate.Config}, concurrency {c}"));
                var point = await RunPointAsync(gateway, finalist.Candidate.Config, c, window, cancellationToken).ConfigureAwait(false);
                peak = Math.Max(peak, point.PeakRssBytes);
            }

            return Math.Max(0, peak - before);
        }
    }

    /// <summary>
    /// One round of <paramref name="group"/>: a fresh gateway for each, all up at once, then each offered concurrency measured
    /// finalist after finalist, the order reversed from one point to the next and from one round to the next.
    /// </summary>
    /// <remarks>
    /// The finalists compared at a point are measured seconds apart, not a whole sweep apart: on a shared 2-core VM the
    /// machine's speed drifts by tens of percent within a minute, which measuring one finalist's sweep after another's
    /// folds into the comparison. Each point's peak RSS is the process's less the other gateways' growth when they started.
    /// </remarks>
    private async Task MeasureAsync(Measured[] group, int round, IReadOnlyList<int> concurrency, TimeSpan window, CancellationToken cancellationToken)
    {
        var stage = Invariant($"gateway check, round {round}");
        var hosted = new List<(Measured Finalist, CheckGateway Gateway, long Footprint, List<TrialPoint> Points)>();
        try
        {
            foreach (var finalist in group)
            {
                var before = Environment.WorkingSet;
                if (await StartAsync(finalist, stage, concurrency, cancellationToken).ConfigureAwait(false) is { } gateway)
                {
                    var points = new List<TrialPoint>();
                    finalist.Rounds.Add(points);
                    hosted.Add((finalist, gateway, Math.Max(0, Environment.WorkingSet - before), points));
                }
            }

            for (var i = 0; i < concurrency.Count; i++)
            {
                var order = (round + i) % 2 == 1 ? hosted : Enumerable.Reverse(hosted);
                foreach (var (finalist, gateway, _, points) in order)
                {
                    EnsureTimeFor(_settings.CheckWarmup + window);
                    _status(Invariant($"{stage}: {finalist.Candidate.Config}, concurrency {concurrency[i]}"));
                    var point = await RunPointAsync(gateway, finalist.Candidate.Config, concurrency[i], window, cancellationToken).ConfigureAwait(false);
                    var others = hosted.Where(h => h.Finalist != finalist).Sum(h => h.Footprint);
                    point = point with { PeakRssBytes = Math.Max(0, point.PeakRssBytes - others) };
                    points.Add(point);
                    _completed(round, point);
                }
            }
        }
        finally
        {
            foreach (var (_, gateway, _, _) in hosted)
            {
                await gateway.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>One closed-loop point through <paramref name="gateway"/>: the check's warm-up, then <paramref name="window"/>.</summary>
    private Task<TrialPoint> RunPointAsync(CheckGateway gateway, TrialConfig config, int concurrency, TimeSpan window, CancellationToken cancellationToken) =>
        LoadTrial.RunAsync((index, token) => gateway.SendAsync(_samples.Bodies[index], token), _samples, config, concurrency, _settings.CheckWarmup, window, cancellationToken);

    /// <summary>Starts a gateway with <paramref name="finalist"/>'s config and sends each sample once; null (and the finalist's failure set) when the model does not load with it.</summary>
    private async Task<CheckGateway?> StartAsync(Measured finalist, string stage, IReadOnlyList<int> concurrency, CancellationToken cancellationToken)
    {
        EnsureTimeFor(_startup);
        _status($"{stage}: starting the gateway with {finalist.Candidate.Config}");
        CheckGateway gateway;
        try
        {
            gateway = await CheckGateway.StartAsync(_settings.Repository, _settings.Model, finalist.Candidate.Config, concurrency.Max(), cancellationToken).ConfigureAwait(false);
        }
        catch (BatchJobException ex)
        {
            finalist.Failure = ex.Message;
            return null;
        }

        try
        {
            foreach (var body in _samples.Bodies.Take(4))
            {
                await gateway.SendAsync(body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return gateway;
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
