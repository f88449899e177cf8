using ModelServing.Batch.Tests.TestSupport;
using ModelServing.BatchCli.Profiling;

namespace ModelServing.Batch.Tests.Profiling;

public sealed class ProfileSearchTests
{
    private static ProfileSettings Settings(ProfileTarget target, TimeSpan budget) => new()
    {
        Repository = TestPaths.Models,
        Model = "loans",
        Target = target,
        Budget = budget,
        Warmup = TimeSpan.FromMilliseconds(50),
        Window = TimeSpan.FromMilliseconds(200),
        MaxConcurrency = 4,
        CheckWarmup = TimeSpan.FromMilliseconds(100),
        CheckWindow = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public async Task RunAsync_CancelledAfterTwoTrials_ReturnsThoseTrials()
    {
        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        var search = new ProfileSearch(Settings(ProfileTarget.MaxThroughput, TimeSpan.FromMinutes(5)), _ => { }, _ =>
        {
            if (++seen == 2)
            {
                cancellation.Cancel();
            }
        });

        var result = await search.RunAsync(cancellation.Token);

        Assert.Equal("cancelled", result.StoppedBy);
        Assert.Equal(2, result.Points.Count);
        Assert.Equal(result.Baseline, result.Points[0].Config);
    }

    [Fact]
    public async Task RunAsync_UnreachableP99_StopsEverySweepAtItsFirstPointAndTriesEachConfigOnce()
    {
        var search = new ProfileSearch(Settings(new ProfileTarget(TimeSpan.FromTicks(1)), TimeSpan.FromMinutes(2)), _ => { }, _ => { });

        var result = await search.RunAsync(CancellationToken.None);

        Assert.Equal("completed", result.StoppedBy);
        Assert.All(result.Points, p => Assert.Equal(1, p.Concurrency));
        Assert.Equal(result.Points.Count, result.Points.Select(p => p.Config).Distinct().Count());
        Assert.Contains(result.Points, p => p.Config.MaxBatchSize == 0);
        Assert.Contains(result.Notes, n => n.Contains("p99 beyond the target", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringTheGatewayCheck_ReturnsTheSearchAndTheCheckPointsMeasured()
    {
        using var cancellation = new CancellationTokenSource();
        var checkedPoints = new List<(int Round, TrialPoint Point)>();
        var settings = Settings(ProfileTarget.MaxThroughput, TimeSpan.FromMinutes(2)) with { Concurrency = [1, 2] };
        var search = new ProfileSearch(settings, _ => { }, _ => { }, (round, point) =>
        {
            checkedPoints.Add((round, point));
            if (checkedPoints.Count == 3)
            {
                cancellation.Cancel();
            }
        });

        var result = await search.RunAsync(cancellation.Token);

        Assert.Equal("cancelled", result.StoppedBy);
        Assert.All(result.Points, p => Assert.Contains(p.Concurrency, new[] { 1, 2 }));
        var check = Assert.IsType<GatewayCheckResult>(result.Check);
        Assert.Equal("cancelled", check.StoppedBy);
        Assert.Equal([1, 2], check.Concurrency);
        Assert.Contains(check.Finalists, f => f.Config == result.Baseline && f.Roles.Contains("baseline"));
        // Interleaved: concurrency 1 is measured finalist after finalist before concurrency 2. The round was cut after three
        // points, so only concurrency 1, which every finalist with a point got, is kept; the point cut short is dropped.
        var kept = check.Finalists.Where(f => f.Rounds.Count > 0).ToList();
        Assert.True(kept.Count >= 2, $"{kept.Count} finalists measured");
        Assert.All(kept, f => Assert.Equal([1], f.Rounds.Single().Select(p => p.Concurrency)));
        Assert.All(checkedPoints, c => Assert.Equal(1, c.Round));
        var report = ProfileReport.From(result, ProfileTarget.MaxThroughput);
        Assert.Equal("gateway", report.MeasuredThrough);
        Assert.NotNull(report.Recommended);
    }
}
