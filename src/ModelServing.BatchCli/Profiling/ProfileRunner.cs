using System.Runtime;
using ModelServing.Batch;
using Spectre.Console;

namespace ModelServing.BatchCli.Profiling;

/// <summary>Runs a profile with progress on stderr, prints the report, and writes the recommendation when asked; returns the exit code.</summary>
internal static class ProfileRunner
{
    /// <summary>Progress goes to stderr so stdout carries only the report.</summary>
    private static readonly IAnsiConsole ErrorConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static async Task<int> RunAsync(ProfileSettings settings, bool json, CancellationToken cancellationToken)
    {
        if (!GCSettings.IsServerGC)
        {
            // The batch CLI's own settings (workstation GC, no tiering) suit a batch job; the gateway process runs server GC
            // with tiering, and for an HTTP-bound model that reorders configs (loans, docs/benchmarks.md, 2026-12-07).
            await Console.Error.WriteLineAsync(
                "profile: note: this process runs workstation GC, the gateway server GC; for figures that rank configs as the gateway "
                + "would, run with DOTNET_gcServer=1 DOTNET_TieredCompilation=1 (scripts/profile.sh sets both)").ConfigureAwait(false);
        }

        ProfileResult result;
        string samples;
        try
        {
            var interactive = !json && ErrorConsole.Profile.Capabilities.Interactive;
            Action<string> status = line => Console.Error.WriteLine($"profile: {line}");
            Action<string> completed = line => Console.Error.WriteLine(line);
            var search = new ProfileSearch(settings, s => status(s), p => completed(Describe(p)), (round, p) => completed(Describe(p, $"gateway check, round {round}")));
            result = interactive
                ? await ErrorConsole.Status().StartAsync("starting", async context =>
                {
                    status = s => context.Status(Markup.Escape(s));
                    completed = line => ErrorConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
                    return await search.RunAsync(cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false)
                : await search.RunAsync(cancellationToken).ConfigureAwait(false);
            samples = search.SampleSource ?? "none";
        }
        catch (BatchJobException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (SampleException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled before the first trial: nothing to report").ConfigureAwait(false);
            return 130;
        }

        var report = ProfileReport.From(result, settings.Target);
        string? written = null;
        var code = result.StoppedBy == "cancelled" ? 130 : 0;
        if (settings.Write && result.StoppedBy != "cancelled")
        {
            (written, code) = Write(settings, report);
        }

        if (json)
        {
            await Console.Out.WriteLineAsync(ProfileJson.Write(report, settings, samples, written)).ConfigureAwait(false);
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings());
            if (Console.IsOutputRedirected)
            {
                // A file or pipe has no width; tables wrapped at 80 columns are unreadable there.
                console.Profile.Width = 200;
            }

            ProfileConsole.Write(console, report, settings.Model, samples, written);
        }

        return code;
    }

    private static (string? Written, int Code) Write(ProfileSettings settings, ProfileReport report)
    {
        if (report.Recommended is not { } best)
        {
            Console.Error.WriteLine("error: --write: no configuration met the target; config.json is unchanged");
            return (null, 1);
        }

        if (report.CurrentConfigIsBest)
        {
            Console.Error.WriteLine("--write: the current config is already best; config.json is unchanged");
            return (null, 0);
        }

        try
        {
            return (ConfigFileWriter.Write(settings.Repository, settings.Model, best.Config, BatchServingHost.StageRegistry()), 0);
        }
        catch (ConfigWriteException ex)
        {
            Console.Error.WriteLine($"error: --write: {ex.Message}; config.json is unchanged");
            return (null, 1);
        }
    }

    private static string Describe(TrialPoint point, string what = "trial") => System.FormattableString.Invariant(
        $"{what}: {point.Config}, concurrency {point.Concurrency}: {point.ItemsPerSecond:F0} items/s, p50 {point.P50Milliseconds:F2} ms, p99 {point.P99Milliseconds:F2} ms, CPU {point.CpuCores:F2} cores, {point.Errors} errors");
}
