using ModelServing.Batch.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Profiling;

public sealed class ProfileCommandTests
{
    [Fact]
    public async Task Profile_ImageModelWithoutSamples_FailsNamingTheInput()
    {
        var (code, _, error) = await CliProcess.RunAsync(["profile", "--model-repository", TestPaths.Models, "--model", "text-orientation", "--target-p99", "50ms"]);

        Assert.Equal(2, code);
        Assert.Contains("Input 'image' takes byte strings", error, StringComparison.Ordinal);
        Assert.Contains("--samples", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_UnknownModel_FailsNamingTheModel()
    {
        var (code, _, error) = await CliProcess.RunAsync(["profile", "--model-repository", TestPaths.Models, "--model", "nope", "--target", "max-throughput"]);

        Assert.Equal(1, code);
        Assert.Contains("Model nope cannot serve", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_BadTargetAndBudget_ReportsEveryProblemAtOnce()
    {
        var (code, _, error) = await CliProcess.RunAsync(["profile", "--model", "loans", "--target-p99", "fast", "--budget", "0"]);

        Assert.Equal(2, code);
        Assert.Contains("--target-p99 must be a positive duration", error, StringComparison.Ordinal);
        Assert.Contains("--budget must be a positive duration", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_BothTargets_AsksForExactlyOne()
    {
        var (code, _, error) = await CliProcess.RunAsync(["profile", "--model", "loans", "--target-p99", "5ms", "--target", "max-throughput"]);

        Assert.Equal(2, code);
        Assert.Contains("exactly one of --target-p99", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_ImagesForNumericModel_FailsNamingTheInputs()
    {
        var (code, _, error) = await CliProcess.RunAsync(
            ["profile", "--model-repository", TestPaths.Models, "--model", "loans", "--target", "max-throughput", "--samples", TestPaths.Sample("text-line.jpg")]);

        Assert.Equal(2, code);
        Assert.Contains("'income'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0,8")]
    [InlineData("1,eight")]
    [InlineData("1.5")]
    [InlineData("5000")]
    public async Task Profile_BadConcurrency_FailsNamingTheOptionAndTheValue(string concurrency)
    {
        var (code, _, error) = await CliProcess.RunAsync(["profile", "--model", "loans", "--target", "max-throughput", "--concurrency", concurrency]);

        Assert.Equal(2, code);
        Assert.Contains("--concurrency must list whole numbers from 1 to 1024", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_BadCheckDuration_FailsNamingTheOption()
    {
        var (code, _, error) = await CliProcess.RunAsync(["profile", "--model", "loans", "--target", "max-throughput", "--check-duration", "long"]);

        Assert.Equal(2, code);
        Assert.Contains("--check-duration must be a positive duration", error, StringComparison.Ordinal);
    }
}
