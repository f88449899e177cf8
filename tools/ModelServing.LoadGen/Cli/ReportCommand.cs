using System.CommandLine;
using System.Globalization;
using ModelServing.LoadGen.Reporting;

namespace ModelServing.LoadGen.Cli;

/// <summary>The <c>report</c> command: markdown tables and target checks from the JSON lines of a harness run.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = CommonOptions.RequiredPath("--input", "File of JSON lines written by closed/open/inprocess --json (and harness notes).");
        var delay = new Option<int>("--queue-delay-us") { Description = "The batching queue delay the run used, for the c=1 target (default 0).", DefaultValueFactory = _ => 0 };
        var targets = new Option<string[]>("--p99-target")
        {
            Description = "CASE=MS: compare the modes of that case by their best items/s at a p99 within MS milliseconds, round by round (repeatable).",
        };
        var command = new Command("report", "Print the markdown report of a harness run.") { input, delay, targets };
        command.SetAction((result, _) => CommandRunner.RunAsync(async () =>
        {
            var markdown = MarkdownReport.Build(ResultSet.Load(result.GetValue(input)!), result.GetValue(delay), ParseTargets(result.GetValue(targets)));
            await Console.Out.WriteAsync(markdown).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>Parses <c>CASE=MS</c> p99 targets.</summary>
    /// <exception cref="ArgumentException">One is not CASE=MS with MS a positive number.</exception>
    private static Dictionary<string, double> ParseTargets(string[]? targets)
    {
        var parsed = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in CommonOptions.ParseLabels(targets, "--p99-target"))
        {
            parsed[key] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms > 0 && double.IsFinite(ms)
                ? ms
                : throw new ArgumentException($"--p99-target '{key}={value}': '{value}' is not a positive number of milliseconds.");
        }

        return parsed;
    }
}
