using ModelServing.Batch.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Cli;

public sealed class BatchCommandTests
{
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
