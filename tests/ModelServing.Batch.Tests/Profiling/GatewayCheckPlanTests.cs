using ModelServing.BatchCli.Profiling;

namespace ModelServing.Batch.Tests.Profiling;

public sealed class GatewayCheckPlanTests
{
    private static readonly TrialConfig Baseline = new(8, [], 0, 2, null);
    private static readonly TrialConfig Small = new(4, [], 0, 2, 1);
    private static readonly TrialConfig Off = new(0, [], 0, 2, 1);
    private static readonly TrialConfig Delay = new(8, [], 500, 2, null);
    private static readonly TrialConfig Wide = new(8, [], 0, 1, 2);

    private static TrialPoint Point(TrialConfig config, int concurrency, double itemsPerSecond, double p99) =>
        new(config, concurrency, 100, 0, itemsPerSecond, itemsPerSecond, p99 / 2, p99 * 0.9, p99, 1.5, 300_000_000);

    [Fact]
    public void Finalists_InProcessRanking_PutsTheBestThenBaselineThenCanonicalThenTheRunnersUp()
    {
        TrialPoint[] points =
        [
            Point(Baseline, 1, 500, 3), Point(Small, 1, 900, 4), Point(Small, 8, 1500, 20), Point(Off, 8, 1200, 9), Point(Delay, 8, 1000, 15),
            Point(Wide, 8, 1400, 80),
        ];

        var finalists = GatewayCheck.Finalists(points, Baseline, new ProfileTarget(TimeSpan.FromMilliseconds(50)));

        Assert.Equal([Small, Baseline, GatewayCheck.Canonical, Off, Delay], finalists.Select(f => f.Config));
        Assert.Equal(["in-process #1"], finalists[0].Roles);
        Assert.Same(points[2], finalists[0].InProcess);
        Assert.Same(points[0], finalists[1].InProcess);
        Assert.Null(finalists[2].InProcess);
        Assert.Equal(["in-process #3"], finalists[4].Roles);
    }

    [Fact]
    public void Finalists_BaselineIsTheInProcessBest_OneEntryWithBothRoles()
    {
        TrialPoint[] points = [Point(Baseline, 4, 2000, 3), Point(Small, 4, 900, 4)];

        var finalists = GatewayCheck.Finalists(points, Baseline, ProfileTarget.MaxThroughput);

        Assert.Equal([Baseline, GatewayCheck.Canonical, Small], finalists.Select(f => f.Config));
        Assert.Equal(["in-process #1", "baseline"], finalists[0].Roles);
    }

    [Fact]
    public void Finalists_NothingMetTheTarget_StillBaselineAndCanonical()
    {
        var finalists = GatewayCheck.Finalists([Point(Small, 1, 900, 40)], Baseline, new ProfileTarget(TimeSpan.FromMilliseconds(5)));

        Assert.Equal([Baseline, GatewayCheck.Canonical], finalists.Select(f => f.Config));
    }

    [Fact]
    public void Points_NoConcurrencyGiven_TheFinalistsOperatingPoints()
    {
        var settings = new ProfileSettings { Repository = "models", Model = "loans", Target = ProfileTarget.MaxThroughput };
        var finalists = GatewayCheck.Finalists([Point(Small, 8, 900, 4), Point(Off, 2, 800, 4), Point(Baseline, 8, 700, 4)], Baseline, ProfileTarget.MaxThroughput);

        Assert.Equal([2, 8], GatewayCheck.Points(settings, finalists));
        Assert.Equal([1, 32], GatewayCheck.Points(settings with { Concurrency = [1, 32] }, finalists));
        Assert.Equal([1], GatewayCheck.Points(settings, GatewayCheck.Finalists([], Baseline, ProfileTarget.MaxThroughput)));
    }

    [Theory]
    // (5 finalists x 2 rounds + 1 warm-up) x (2 s start + 3 x (1 + 5) s) = 220 s, planned within 90 % of the time left.
    [InlineData(250, 5, 2, 5.0)]
    [InlineData(210, 4, 2, 5.0)]
    // (3 x 2 + 1) x (2 + 3 x (1 + w)) <= 0.9 x 100: w = 2.6 s (rounded down to 0.1 s).
    [InlineData(100, 3, 2, 2.6)]
    // Two rounds would need windows under 1 s: one round of three, (3 + 1) x (2 + 3 x (1 + w)) <= 45: w = 2 s.
    [InlineData(50, 3, 1, 2.0)]
    // Three in one round do not fit: the first two (in-process best, baseline), (2 + 1) x (2 + 3 x (1 + w)) <= 27: w = 1.3 s.
    [InlineData(30, 2, 1, 1.3)]
    public void Fit_LessTime_DropsRunnersUpThenShortensWindowsThenRoundsThenFinalists(double seconds, int finalists, int rounds, double window)
    {
        var plan = GatewayCheck.Fit(5, 3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(seconds));

        Assert.Equal((finalists, rounds, TimeSpan.FromSeconds(window)), plan);
    }

    [Fact]
    public void Fit_NoRoomForOneRoundOfTwo_Null() =>
        Assert.Null(GatewayCheck.Fit(5, 3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(12)));

    [Fact]
    public void Reserve_LongBudget_AFullCheckOfFiveFinalists_ShortBudget_SixtyPercent()
    {
        var settings = new ProfileSettings { Repository = "models", Model = "loans", Target = ProfileTarget.MaxThroughput, Concurrency = [1, 8, 32], Budget = TimeSpan.FromMinutes(30) };

        Assert.Equal(TimeSpan.FromSeconds(220), GatewayCheck.Reserve(settings, TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(180), GatewayCheck.Reserve(settings with { Budget = TimeSpan.FromMinutes(5) }, TimeSpan.FromSeconds(2)));
    }

    [Theory]
    // Five finalists of 300 MB with 10 GB free: all at once. With 2 GB free, half of it holds 3. With 400 MB, one at a time.
    [InlineData(5, 300_000_000L, 10_000_000_000L, 5)]
    [InlineData(5, 300_000_000L, 2_000_000_000L, 3)]
    [InlineData(5, 300_000_000L, 400_000_000L, 1)]
    [InlineData(5, 300_000_000L, -1L, 1)]
    // The footprint unknown (the warm-up pass did not run): all at once.
    [InlineData(4, 0L, 1_000L, 4)]
    public void AtOnce_HostsAsManyAsHalfTheFreeMemoryHolds(int finalists, long footprint, long available, int expected) =>
        Assert.Equal(expected, GatewayCheck.AtOnce(finalists, footprint, available));

    [Fact]
    public void Comparable_ARoundCutShort_KeepsOnlyThePointsEveryFinalistGot()
    {
        // Round 1 complete; round 2 cut during concurrency 8: Small got it, Baseline did not.
        var small = new CheckFinalist(Small, ["in-process #1"], null, [[Point(Small, 1, 900, 4), Point(Small, 8, 1500, 20)], [Point(Small, 1, 950, 4), Point(Small, 8, 1600, 20)]], null);
        var baseline = new CheckFinalist(Baseline, ["baseline"], null, [[Point(Baseline, 1, 800, 4), Point(Baseline, 8, 1400, 20)], [Point(Baseline, 1, 820, 4)]], null);
        var failed = new CheckFinalist(Off, ["canonical"], null, [], "did not load");

        var comparable = GatewayCheck.Comparable([small, baseline, failed]);

        Assert.Equal(new[] { new[] { 1, 8 }, [1] }, comparable[0].Rounds.Select(r => r.Select(p => p.Concurrency).ToArray()));
        Assert.Equal(new[] { new[] { 1, 8 }, [1] }, comparable[1].Rounds.Select(r => r.Select(p => p.Concurrency).ToArray()));
        Assert.Empty(comparable[2].Rounds);
        Assert.Equal("did not load", comparable[2].Failure);
    }

    [Fact]
    public void Comparable_NoPointInARound_DropsTheRound()
    {
        var small = new CheckFinalist(Small, ["in-process #1"], null, [[Point(Small, 1, 900, 4)], []], null);
        var baseline = new CheckFinalist(Baseline, ["baseline"], null, [[Point(Baseline, 1, 800, 4)], []], null);

        var comparable = GatewayCheck.Comparable([small, baseline]);

        Assert.All(comparable, f => Assert.Single(f.Rounds));
    }
}
