using System.Diagnostics;
using ModelServing.Batch;
using Spectre.Console;

namespace ModelServing.BatchCli;

/// <summary>Runs the job with a progress display and prints the summary; returns the process exit code.</summary>
internal static class BatchRunner
{
    /// <summary>The progress bar goes to stderr so stdout carries only the summary.</summary>
    private static readonly IAnsiConsole ErrorConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static async Task<int> RunAsync(BatchJobSpec spec, string repository, int threads, bool plainProgress, CancellationToken cancellationToken)
    {
        var problems = spec.Validate().ToList();
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: {string.Join("; ", problems)}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            await using var host = await BatchServingHost.StartAsync(repository, spec.Model, threads, cancellationToken).ConfigureAwait(false);
            var summary = plainProgress || !ErrorConsole.Profile.Capabilities.Interactive
                ? await RunPlainAsync(host, spec, cancellationToken).ConfigureAwait(false)
                : await RunWithBarAsync(host, spec, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(
                $"{{\"succeeded\":{summary.Succeeded},\"failed\":{summary.Failed},\"resumedChunks\":{summary.ResumedChunks}," +
                $"\"seconds\":{summary.Duration.TotalSeconds:F3},\"perSecond\":{summary.Rate:F1}," +
                $"\"results\":\"{summary.ResultFile}\",\"errors\":\"{summary.ErrorFile}\"}}");
            return 0;
        }
        catch (BatchJobException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled: committed chunks stay; rerun with the same --output to resume").ConfigureAwait(false);
            return 130;
        }
    }

    private static Task<BatchSummary> RunPlainAsync(BatchServingHost host, BatchJobSpec spec, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        var progress = new SynchronousProgress(p =>
        {
            if (clock.Elapsed - last < TimeSpan.FromSeconds(2))
            {
                return;
            }

            last = clock.Elapsed;
            var done = p.Succeeded + p.Failed;
            Console.Error.WriteLine($"progress: {done} instances ({p.Failed} failed), {Rate(done, clock.Elapsed):F0}/s, {Percent(p):F1}% of input, ETA {Eta(p, clock.Elapsed)}");
        });
        return host.Engine.RunAsync(spec, progress, cancellationToken);
    }

    private static async Task<BatchSummary> RunWithBarAsync(BatchServingHost host, BatchJobSpec spec, CancellationToken cancellationToken)
    {
        BatchSummary? summary = null;
        await ErrorConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"{spec.Model}: starting", maxValue: 1);
                var clock = Stopwatch.StartNew();
                var progress = new SynchronousProgress(p =>
                {
                    var done = p.Succeeded + p.Failed;
                    task.MaxValue = Math.Max(1, p.TotalBytes);
                    task.Value = p.BytesRead;
                    task.Description = $"{spec.Model}: {done:N0} done, {p.Failed:N0} failed, {Rate(done, clock.Elapsed):N0} items/s";
                });
                summary = await host.Engine.RunAsync(spec, progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return summary!;
    }

    private static double Rate(long done, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;

    private static double Percent(BatchProgress p) => p.TotalBytes > 0 ? 100.0 * p.BytesRead / p.TotalBytes : 0;

    private static string Eta(BatchProgress p, TimeSpan elapsed) =>
        p.BytesRead > 0 && p.TotalBytes > p.BytesRead
            ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (p.TotalBytes - p.BytesRead) / p.BytesRead).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture)
            : "00:00:00";

    private sealed class SynchronousProgress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        private readonly Lock _gate = new();

        public void Report(BatchProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
