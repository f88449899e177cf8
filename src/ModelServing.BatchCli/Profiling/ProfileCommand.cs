using System.CommandLine;
using System.Globalization;

namespace ModelServing.BatchCli.Profiling;

/// <summary>
/// <c>modelserving-batch profile</c>: measures a model in process under load over a search of its <c>runtime</c> and
/// <c>batching</c> settings, recommends the configuration meeting a target, and with <c>--write</c> applies it.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var repository = new Option<string>("--model-repository", "--repository") { Description = "The model repository (only read, except config.json with --write).", DefaultValueFactory = _ => "models" };
        var model = new Option<string>("--model") { Description = "The model to profile.", Required = true };
        var samples = new Option<string[]>("--samples") { Description = "Sample files: images (a model with one byte-string input), .json predict bodies, .jsonl instances. Default: generated from a numeric signature.", AllowMultipleArgumentsPerToken = true };
        var items = new Option<int>("--items-per-request") { Description = "Images or JSONL instances per request, or generated rows per request.", DefaultValueFactory = _ => 1 };
        var p99 = new Option<string?>("--target-p99") { Description = "The p99 latency budget (50ms, 1.5s): the most throughput within it is recommended." };
        var target = new Option<string?>("--target") { Description = "max-throughput: the most throughput whatever the latency." };
        var budget = new Option<string>("--budget") { Description = "Time budget of the whole run, in-process search and gateway check (5m, 90s); up to 60 % is held back for the check.", DefaultValueFactory = _ => "5m" };
        var window = new Option<string>("--trial-duration") { Description = "Measured window of each trial.", DefaultValueFactory = _ => "2s" };
        var warmup = new Option<string>("--trial-warmup") { Description = "Unmeasured warm-up of each trial.", DefaultValueFactory = _ => "500ms" };
        var maxConcurrency = new Option<int>("--max-concurrency") { Description = "Highest offered concurrency tried (1, 2, 4... up to it) without --concurrency.", DefaultValueFactory = _ => 64 };
        var concurrency = new Option<string[]>("--concurrency") { Description = "The offered concurrencies the caller will run at (1,8,32): the in-process sweep and the gateway check use exactly these.", AllowMultipleArgumentsPerToken = true };
        var checkWindow = new Option<string>("--check-duration") { Description = "Measured window of each gateway check point.", DefaultValueFactory = _ => "5s" };
        var checkWarmup = new Option<string>("--check-warmup") { Description = "Unmeasured warm-up of each gateway check point.", DefaultValueFactory = _ => "1s" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout (progress stays on stderr)." };
        var write = new Option<bool>("--write") { Description = "Write the recommended runtime and batching sections into the model's config.json." };
        var command = new Command("profile", "Measure a model under load in process, sweep its runtime and batching settings, check the finalists through the real gateway on loopback, and recommend (and with --write apply) the configuration meeting a target.")
        {
            repository, model, samples, items, p99, target, budget, window, warmup, maxConcurrency, concurrency, checkWindow, checkWarmup, json, write,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var problems = new List<string>();
            var parsedTarget = ParseTarget(result.GetValue(p99), result.GetValue(target), problems);
            var settings = new ProfileSettings
            {
                Repository = result.GetValue(repository)!,
                Model = result.GetValue(model)!,
                Samples = [.. (result.GetValue(samples) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                ItemsPerRequest = result.GetValue(items),
                Target = parsedTarget ?? ProfileTarget.MaxThroughput,
                Budget = Duration("--budget", result.GetValue(budget)!, problems),
                Window = Duration("--trial-duration", result.GetValue(window)!, problems),
                Warmup = Duration("--trial-warmup", result.GetValue(warmup)!, problems),
                MaxConcurrency = result.GetValue(maxConcurrency),
                Concurrency = ParseConcurrency(result.GetValue(concurrency), problems),
                CheckWindow = Duration("--check-duration", result.GetValue(checkWindow)!, problems),
                CheckWarmup = Duration("--check-warmup", result.GetValue(checkWarmup)!, problems),
                Write = result.GetValue(write),
            };
            if (settings.ItemsPerRequest < 1 || settings.MaxConcurrency < 1)
            {
                problems.Add("--items-per-request and --max-concurrency must be at least 1");
            }

            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync($"error: {string.Join("; ", problems)}").ConfigureAwait(false);
                return 2;
            }

            return await ProfileRunner.RunAsync(settings, result.GetValue(json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static ProfileTarget? ParseTarget(string? p99, string? target, List<string> problems)
    {
        if ((p99 is null) == (target is null))
        {
            problems.Add("give exactly one of --target-p99 <duration> or --target max-throughput");
            return null;
        }

        if (target is not null)
        {
            if (!string.Equals(target, "max-throughput", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"--target must be max-throughput (or use --target-p99 <duration>), not '{target}'");
            }

            return ProfileTarget.MaxThroughput;
        }

        return new ProfileTarget(Duration("--target-p99", p99!, problems));
    }

    /// <summary>The highest offered concurrency <c>--concurrency</c> takes.</summary>
    private const int MaxOfferedConcurrency = 1024;

    private static IReadOnlyList<int>? ParseConcurrency(string[]? values, List<string> problems)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var points = new SortedSet<int>();
        foreach (var text in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var point) || point < 1 || point > MaxOfferedConcurrency)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"--concurrency must list whole numbers from 1 to {MaxOfferedConcurrency} such as 1,8,32, not '{text}'"));
                return null;
            }

            points.Add(point);
        }

        return [.. points];
    }

    private static TimeSpan Duration(string option, string text, List<string> problems)
    {
        if (ProfileTarget.TryParseDuration(text, out var value))
        {
            return value;
        }

        problems.Add(string.Create(CultureInfo.InvariantCulture, $"{option} must be a positive duration such as 50ms, 2s or 3m, not '{text}'"));
        return TimeSpan.FromSeconds(1);
    }
}
