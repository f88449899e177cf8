using System.Diagnostics;
using ModelServing.Batch.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Cli;

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
}
