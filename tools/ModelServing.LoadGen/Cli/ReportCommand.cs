using System.CommandLine;
using ModelServing.LoadGen.Reporting;

namespace ModelServing.LoadGen.Cli;

/// <summary>The <c>report</c> command: markdown tables and target checks from the JSON lines of a harness run.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = CommonOptions.RequiredPath("--input", "File of JSON lines written by closed/open/inprocess --json (and harness notes).");
        var delay = new Option<int>("--queue-delay-us") { Description = "The batching queue delay the run used, for the c=1 target (default 0).", DefaultValueFactory = _ => 0 };
        var command = new Command("report", "Print the markdown report of a harness run.") { input, delay };
        command.SetAction((result, _) => CommandRunner.RunAsync(async () =>
        {
            var markdown = MarkdownReport.Build(ResultSet.Load(result.GetValue(input)!), result.GetValue(delay));
            await Console.Out.WriteAsync(markdown).ConfigureAwait(false);
        }));
        return command;
    }
}
