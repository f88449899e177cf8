using ModelServing.BatchCli.Profiling;

namespace ModelServing.Batch.Tests.Profiling;

public sealed class ProfileReportTests
{
    private static readonly TrialConfig Off = new(0, [], 0, 2, null);
    private static readonly TrialConfig On = new(8, [], 0, 1, 2);
    private static readonly TrialConfig Wide = new(32, [], 0, 2, 1);

    private static TrialPoint Point(TrialConfig config, int concurrency, double itemsPerSecond, double p99, long errors = 0) =>
        new(config, concurrency, 100, errors, itemsPerSecond, itemsPerSecond, p99 / 2, p99 * 0.9, p99, 1.5, 300_000_000);

    [Fact]
    public void From_P99Target_RecommendsTheFastestPointWithinItAndSizesTheRequest()
    {
        TrialPoint[] points = [Point(Off, 1, 500, 3), Point(Off, 2, 900, 8), Point(On, 1, 400, 4), Point(On, 4, 1200, 20), Point(On, 8, 1500, 45)];
        var result = new ProfileResult(Off, points, "completed", TimeSpan.FromSeconds(30), []);

        var report = ProfileReport.From(result, new ProfileTarget(TimeSpan.FromMilliseconds(25)));

        Assert.Same(points[3], report.Recommended);
        Assert.Same(points[1], report.BaselineBest);
        Assert.Equal(new ResourceRequest(2.0, 0.4), report.Resources);
        Assert.Equal("2000m", report.Resources!.CpuQuantity);
        Assert.Equal("382Mi", report.Resources.MemoryQuantity);
    }

    [Fact]
    public void ResourceRequest_MachineKeptBusy_RequestsItsCoresNotMore()
    {
        var busy = Point(On, 8, 1500, 20) with { CpuCores = 1.98 };

        Assert.Equal(2.0, ResourceRequest.For(busy, cores: 2).Cpu);
        Assert.Equal(2.5, ResourceRequest.For(busy, cores: 4).Cpu);
        Assert.Equal("2000m", ResourceRequest.For(busy, cores: 2).CpuQuantity);
    }

    private static GatewayCheckResult Check(params CheckFinalist[] finalists) =>
        new([1, 8], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 2, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(50), "completed", finalists, []);

    private static CheckFinalist Finalist(TrialConfig config, string role, params (int Concurrency, double Round1, double Round2, double P99)[] points) =>
        new(config, [role], null, [[.. points.Select(p => Point(config, p.Concurrency, p.Round1, p.P99))], [.. points.Select(p => Point(config, p.Concurrency, p.Round2, p.P99))]], null);

    [Fact]
    public void From_GatewayCheck_RecommendsTheBestMeanOfTheRoundsNotTheInProcessBest()
    {
        TrialPoint[] points = [Point(Off, 8, 500, 3), Point(On, 8, 1500, 8)];
        var check = Check(Finalist(On, "in-process #1", (1, 400, 420, 5), (8, 700, 740, 30)), Finalist(Off, "baseline", (1, 500, 520, 4), (8, 900, 860, 20)));
        var result = new ProfileResult(Off, points, "completed", TimeSpan.FromSeconds(60), [], check);

        var report = ProfileReport.From(result, new ProfileTarget(TimeSpan.FromMilliseconds(25)));

        Assert.Equal("gateway", report.MeasuredThrough);
        Assert.Same(points[1], report.InProcessBest);
        Assert.Equal(Off, report.Recommended!.Config);
        Assert.Equal(880, report.Recommended.ItemsPerSecond);
        Assert.Equal(8, report.Recommended.Concurrency);
        Assert.True(report.CurrentConfigIsBest);
        Assert.Equal(200, report.Recommended.Requests);
    }

    [Fact]
    public void From_GatewayCheck_ANewConfigMustBeatTheBaselineByThreePercent()
    {
        var result = (double other) => new ProfileResult(Off, [], "completed", TimeSpan.FromSeconds(60), [],
            Check(Finalist(Off, "baseline", (8, 1000, 1000, 5)), Finalist(On, "in-process #1", (8, other, other, 5))));

        var close = ProfileReport.From(result(1020), ProfileTarget.MaxThroughput);
        var better = ProfileReport.From(result(1050), ProfileTarget.MaxThroughput);

        Assert.True(close.CurrentConfigIsBest);
        Assert.Equal(Off, close.Recommended!.Config);
        Assert.False(better.CurrentConfigIsBest);
        Assert.Equal(On, better.Recommended!.Config);
        Assert.Equal(1000, better.BaselineBest!.ItemsPerSecond);
    }

    [Theory]
    // Ahead on the mean (1100 vs 1000) but behind in round 2: one lucky round, or a lucky place in the order.
    [InlineData(1250, 950, false)]
    // Ahead in both rounds and by 10 % on the mean.
    [InlineData(1060, 1140, true)]
    public void Beats_ANewConfigMustAlsoWinEveryRound(double round1, double round2, bool beats)
    {
        var baseline = Finalist(Off, "baseline", (8, 1000, 1000, 5));
        var finalist = new CheckFinalist(On, ["in-process #1"], null, [[Point(On, 8, round1, 5)], [Point(On, 8, round2, 5)]], null);

        Assert.Equal(1100, finalist.Best(ProfileTarget.MaxThroughput)!.ItemsPerSecond);
        Assert.Equal(beats, finalist.Beats(baseline, ProfileTarget.MaxThroughput, ProfileReport.GainNeeded));
    }

    [Fact]
    public void From_GatewayCheck_ANewConfigAheadBy10PercentInBothRounds_ReplacesTheBaseline()
    {
        var check = Check(Finalist(Off, "baseline", (8, 1000, 1000, 5)), Finalist(On, "in-process #1", (8, 1100, 1100, 5)));
        var result = new ProfileResult(Off, [], "completed", TimeSpan.FromSeconds(60), [], check);

        var report = ProfileReport.From(result, ProfileTarget.MaxThroughput);

        Assert.Equal(ProfileReport.GainNeeded, report.GainRequired!.Value, 6);
        Assert.Equal(On, report.Recommended!.Config);
        Assert.False(report.CurrentConfigIsBest);
    }

    [Fact]
    public void Beats_TheBaselineMissesTheTargetInARound_AFinalistMeetingItThereWinsThatRound()
    {
        var baseline = new CheckFinalist(Off, ["baseline"], null, [[Point(Off, 8, 1000, 5)], [Point(Off, 8, 1000, 40)]], null);
        var finalist = Finalist(On, "in-process #1", (8, 1300, 950, 5));
        var target = new ProfileTarget(TimeSpan.FromMilliseconds(25));

        // The baseline's mean p99 (22.5 ms) meets 25 ms, so it is scored (1000 items/s), but its round 2 (40 ms) missed the
        // target: the finalist's 950 there wins the round, and its mean of 1125 beats 1000 by more than 3 %.
        Assert.Equal(1000, baseline.Best(target)!.ItemsPerSecond);
        Assert.True(finalist.Beats(baseline, target, ProfileReport.GainNeeded));
        Assert.False(finalist.Beats(baseline, target, 1.13));
    }

    [Fact]
    public void From_GatewayCheck_AFinalistWhoseRoundsSwing_RaisesTheBar()
    {
        // The same check: the finalist's own rounds at concurrency 8 (1300, 950) are 31 % apart where the baseline's agree,
        // so its 12.5 % lead on the mean is within the check's noise (the bar: (1300 / 950)^(6.314 / 2), about 2.7).
        var check = Check(
            new CheckFinalist(Off, ["baseline"], null, [[Point(Off, 8, 1000, 5)], [Point(Off, 8, 1000, 40)]], null),
            Finalist(On, "in-process #1", (8, 1300, 950, 5)));
        var result = new ProfileResult(Off, [], "completed", TimeSpan.FromSeconds(60), [], check);

        var report = ProfileReport.From(result, new ProfileTarget(TimeSpan.FromMilliseconds(25)));

        Assert.Equal(Math.Pow(1300.0 / 950, 6.314 / 2), report.GainRequired!.Value, 6);
        Assert.True(report.CurrentConfigIsBest);
    }

    [Fact]
    public void GainFor_TwoFinalistsTwoRounds_TheResidualNoiseTimesStudentsT()
    {
        // Log scores (0, 0) and (a, -a): every residual is a/2, so sigma = a with one degree of freedom, and the bar is
        // exp(6.314 a) = 1.05^6.314.
        double?[] baseline = [1000, 1000];
        double?[] other = [1050, 1000 / 1.05];

        Assert.Equal(Math.Pow(1.05, 6.314), ProfileReport.GainFor([baseline, other]), 6);
    }

    [Fact]
    public void GainFor_ADriftSharedByEveryFinalist_IsNotNoise()
    {
        double?[] baseline = [1000, 1200];
        double?[] other = [1100, 1320];
        double?[] third = [900, 1080];

        Assert.Equal(ProfileReport.GainNeeded, ProfileReport.GainFor([baseline, other, third]), 6);
    }

    [Fact]
    public void StudentT95_TheTableThenTheApproximation()
    {
        Assert.Equal(6.314, ProfileReport.StudentT95(1), 3);
        Assert.Equal(2.132, ProfileReport.StudentT95(4), 3);
        Assert.InRange(ProfileReport.StudentT95(20), 1.725, 1.735);
        Assert.InRange(ProfileReport.StudentT95(1000), 1.645, 1.648);
    }

    [Fact]
    public void GainFor_OneRoundOrOneFinalistOrAMissedRound_TheLeastGain()
    {
        double?[] one = [1000];
        double?[] missed = [1000, null];
        double?[] baseline = [1000, 1300];

        Assert.Equal(ProfileReport.GainNeeded, ProfileReport.GainFor([one, [1200]]), 6);
        Assert.Equal(ProfileReport.GainNeeded, ProfileReport.GainFor([baseline]), 6);
        Assert.Equal(ProfileReport.GainNeeded, ProfileReport.GainFor([baseline, missed]), 6);
    }

    [Fact]
    public void From_GatewayCheck_ADriftBetweenRoundsSharedByBoth_DoesNotRaiseTheBar_AFivePercentWinInBothRoundsReplacesTheBaseline()
    {
        // Both finalists ran 10 % faster in round 2 (the machine drifted); the challenger is 5 % ahead in each round.
        var check = Check(Finalist(Off, "baseline", (1, 500, 500, 2), (8, 1000, 1100, 5)), Finalist(On, "in-process #1", (1, 500, 500, 2), (8, 1050, 1155, 5)));
        var result = new ProfileResult(Off, [], "completed", TimeSpan.FromSeconds(60), [], check);

        var report = ProfileReport.From(result, ProfileTarget.MaxThroughput);

        Assert.Equal(ProfileReport.GainNeeded, report.GainRequired!.Value, 6);
        Assert.Equal(On, report.Recommended!.Config);
    }

    [Fact]
    public void From_GatewayCheck_AFinalistWhoseP99CrossesTheTargetInARound_DoesNotRaiseTheBar()
    {
        // The canonical shape met 25 ms at concurrency 8 in round 1 only (its round scores: 1000, then 500 at concurrency 1),
        // yet it served 1000 items/s there in both rounds: the noise at the baseline's concurrency (8) is nil.
        var wide = new CheckFinalist(Wide, ["canonical"], null, [[Point(Wide, 1, 500, 2), Point(Wide, 8, 1000, 5)], [Point(Wide, 1, 500, 2), Point(Wide, 8, 1000, 40)]], null);
        var check = Check(Finalist(Off, "baseline", (1, 500, 500, 2), (8, 1000, 1000, 5)), Finalist(On, "in-process #1", (1, 500, 500, 2), (8, 1080, 1080, 5)), wide);
        var result = new ProfileResult(Off, [], "completed", TimeSpan.FromSeconds(60), [], check);

        var report = ProfileReport.From(result, new ProfileTarget(TimeSpan.FromMilliseconds(25)));

        Assert.Equal(ProfileReport.GainNeeded, report.GainRequired!.Value, 6);
        Assert.Equal(On, report.Recommended!.Config);
    }

    [Fact]
    public void From_GatewayCheck_NoisyRounds_RaiseTheBar_AFivePercentWinOnTheMeanKeepsTheBaseline()
    {
        // The challenger's lead is 10 % in round 1 and 1 % in round 2 (a 5.5 % mean): the finalists' rounds disagree by
        // about 9 % (sigma 0.035 with two degrees of freedom), which sets the bar at exp(2.92 x 0.035), about 1.107.
        var check = Check(
            Finalist(Off, "baseline", (8, 1000, 1000, 5)),
            Finalist(On, "in-process #1", (8, 1100, 1010, 5)),
            Finalist(Wide, "in-process #2", (8, 1000, 1000, 5)));
        var result = new ProfileResult(Off, [], "completed", TimeSpan.FromSeconds(60), [], check);

        var report = ProfileReport.From(result, ProfileTarget.MaxThroughput);

        Assert.True(report.CurrentConfigIsBest);
        Assert.InRange(report.GainRequired!.Value, 1.10, 1.11);
    }

    [Fact]
    public void From_GatewayCheckWhereNothingMeetsTheTarget_HasNoRecommendation()
    {
        var check = Check(Finalist(Off, "baseline", (1, 500, 500, 40)));
        var result = new ProfileResult(Off, [Point(Off, 1, 5000, 3)], "completed", TimeSpan.FromSeconds(60), [], check);

        var report = ProfileReport.From(result, new ProfileTarget(TimeSpan.FromMilliseconds(25)));

        Assert.Null(report.Recommended);
        Assert.NotNull(report.InProcessBest);
    }

    [Fact]
    public void ParetoFrontOf_Points_KeepsOnlyTheUndominatedWithoutErrorsByP99()
    {
        TrialPoint[] points = [Point(Off, 1, 500, 3), Point(Off, 2, 450, 5), Point(On, 1, 900, 3.5), Point(On, 4, 1200, 20), Point(On, 8, 5000, 9, errors: 3)];

        var front = ProfileReport.ParetoFrontOf(points);

        Assert.Equal([points[0], points[2], points[3]], front);
    }

    [Fact]
    public void From_NothingMeetsTheTarget_HasNoRecommendation()
    {
        var result = new ProfileResult(Off, [Point(Off, 1, 500, 3)], "budget", TimeSpan.FromSeconds(3), []);

        var report = ProfileReport.From(result, new ProfileTarget(TimeSpan.FromMilliseconds(1)));

        Assert.Null(report.Recommended);
        Assert.Null(report.Resources);
        Assert.Single(report.ParetoFront);
    }

    [Theory]
    [InlineData("50ms", 50)]
    [InlineData("1.5s", 1500)]
    [InlineData("3m", 180_000)]
    [InlineData("800us", 0.8)]
    [InlineData("20", 20)]
    public void TryParseDuration_Units_ParsesToMilliseconds(string text, double milliseconds)
    {
        Assert.True(ProfileTarget.TryParseDuration(text, out var value));
        Assert.Equal(milliseconds, value.TotalMilliseconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5ms")]
    [InlineData("fast")]
    [InlineData("1e9m")]
    public void TryParseDuration_NotAPositiveDuration_Fails(string text) =>
        Assert.False(ProfileTarget.TryParseDuration(text, out _));
}
