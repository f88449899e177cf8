using System.Diagnostics;

namespace ModelServing.Batch.Tests;

public sealed class CrashResumeTests
{
    [Fact]
    public async Task KilledAtRandomPointsTheRerunEqualsAnUninterruptedRun()
    {
        using var scratch = new ScratchDirectory();
        var lines = Enumerable.Range(0, 12000).Select(i => i % 997 == 5 ? $"broken line {i}" : $"{{\"income\":{i},\"credit_cards\":{i % 5},\"age\":{20 + (i % 50)}}}");
        var input = scratch.File("loans.jsonl", string.Join('\n', lines));
        string[] Arguments(string output) =>
            ["--model-repository", TestPaths.Models, "--model", "loans", "--input", input, "--format", "jsonl", "--output", output,
             "--batch-size", "16", "--chunk-size", "64", "--workers", "2", "--no-progress"];

        var reference = scratch.Combine("reference");
        var (code, output, error) = await CliProcess.RunAsync(Arguments(reference));
        Assert.True(code == 0, error);
        Assert.Contains("\"succeeded\":11987,\"failed\":13", output, StringComparison.Ordinal);

        var resumed = scratch.Combine("resumed");
        var random = new Random(1234);
        var kills = 0;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var process = CliProcess.Start(Arguments(resumed));
            var clock = Stopwatch.StartNew();
            var at = TimeSpan.FromMilliseconds(random.Next(150, 1500));
            while (!process.HasExited && clock.Elapsed < at)
            {
                await Task.Delay(10);
            }

            if (!process.HasExited)
            {
                process.Kill();
                kills++;
            }

            await process.WaitForExitAsync();
        }

        (code, _, error) = await CliProcess.RunAsync(Arguments(resumed));
        Assert.True(code == 0, error);
        Assert.True(kills > 0, "no run was killed");
        Assert.Equal(OutputLines.RawSorted(reference, "prediction.results-*"), OutputLines.RawSorted(resumed, "prediction.results-*"));
        Assert.Equal(OutputLines.RawSorted(reference, "prediction.errors_stats-*"), OutputLines.RawSorted(resumed, "prediction.errors_stats-*"));
        Assert.Equal(12000, OutputLines.RawSorted(resumed, "prediction.*").Count);
    }

    [Fact]
    public async Task CliShardsFromTheIndexedJobVariablesCoverEveryLineOnce()
    {
        using var scratch = new ScratchDirectory();
        var input = scratch.File("loans.csv", "\"income\",\"credit_cards\",\"age\"\n" + string.Join('\n', Enumerable.Range(0, 500).Select(i => $"{i},1,30")));
        var output = scratch.Combine("out");
        for (var shard = 0; shard < 2; shard++)
        {
            var (code, _, error) = await CliProcess.RunAsync(
                ["--model-repository", TestPaths.Models, "--model", "loans", "--input", input, "--format", "csv", "--instance-type", "object",
                 "--output", output, "--shard-index", shard.ToString(System.Globalization.CultureInfo.InvariantCulture), "--shard-count", "2",
                 "--chunk-size", "50", "--no-progress"]);
            Assert.True(code == 0, error);
        }

        var lines = OutputLines.RawSorted(output, "prediction.results-*");
        Assert.Equal(500, lines.Count);
        Assert.Equal(500, lines.Distinct().Count());
        Assert.Equal(2, Directory.GetFiles(output, "prediction.results-*-of-00002").Length);
    }

    [Fact]
    public async Task CliRejectsAnUnknownFormatWithUsage()
    {
        var (code, _, error) = await CliProcess.RunAsync(["--model", "loans", "--input", "x", "--output", "y", "--format", "parquet"]);
        Assert.Equal(2, code);
        Assert.Contains("--format must be one of", error, StringComparison.Ordinal);
    }
}
