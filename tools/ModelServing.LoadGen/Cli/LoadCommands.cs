using System.CommandLine;
using ModelServing.LoadGen.Http;
using ModelServing.LoadGen.Reporting;

namespace ModelServing.LoadGen.Cli;

/// <summary>The <c>closed</c> and <c>open</c> commands: load over HTTP against a running server.</summary>
internal static class LoadCommands
{
    private static readonly Option<string> s_url = new("--url") { Description = "The predict URL, e.g. http://127.0.0.1:8501/v1/models/loans:predict.", Required = true };
    private static readonly Option<string> s_body = CommonOptions.RequiredPath("--body", "File holding the JSON request body sent with every request.");
    private static readonly Option<double> s_duration = CommonOptions.Seconds("--duration", 10, "Measured window");
    private static readonly Option<double> s_warmup = CommonOptions.Seconds("--warmup", 1, "Load before the window, not measured; 0 for none");
    private static readonly Option<double> s_timeout = CommonOptions.Seconds("--timeout", 30, "Per-request timeout");
    private static readonly Option<int?> s_serverPid = new("--server-pid") { Description = "The server's process id: report its CPU use, GCs and allocated bytes in the window." };
    private static readonly Option<int?> s_items = new("--items") { Description = "Items per request (default: counted from the body's instances)." };
    private static readonly Option<string[]> s_labels = CommonOptions.Labels();
    private static readonly Option<bool> s_json = CommonOptions.Json();

    public static Command Closed()
    {
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Workers, each with one keep-alive connection (default 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("closed", "Closed loop: N workers, each sending its next request when the previous one is answered.")
        {
            s_url, s_body, concurrency, s_duration, s_warmup, s_timeout, s_serverPid, s_items, s_labels, s_json,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = Settings(result);
            var report = await ClosedLoop.RunAsync(settings, result.GetValue(concurrency), cancellationToken).ConfigureAwait(false);
            ReportWriter.Write(report, result.GetValue(s_json));
        }));
        return command;
    }

    public static Command Open()
    {
        var rate = new Option<double>("--rate", "-r") { Description = "Requests per second, scheduled at fixed intervals.", Required = true };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Outstanding requests beyond which due ones are dropped (default 1024).", DefaultValueFactory = _ => 1024 };
        var connections = new Option<int>("--connections") { Description = "Keep-alive connections shared by the requests (default 64).", DefaultValueFactory = _ => 64 };
        var command = new Command("open", "Open loop: a constant arrival rate; latency from each request's scheduled send time.")
        {
            s_url, s_body, rate, connections, maxInFlight, s_duration, s_warmup, s_timeout, s_serverPid, s_items, s_labels, s_json,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = Settings(result);
            var report = await OpenLoop.RunAsync(settings, result.GetValue(rate), result.GetValue(connections), result.GetValue(maxInFlight), cancellationToken).ConfigureAwait(false);
            ReportWriter.Write(report, result.GetValue(s_json));
        }));
        return command;
    }

    private static LoadSettings Settings(ParseResult result)
    {
        var url = new Uri(result.GetValue(s_url)!, UriKind.Absolute);
        if (!url.IsLoopback)
        {
            throw new ArgumentException("--url must be a loopback address: this tool only loads the local machine.");
        }

        return new LoadSettings(
            url,
            RequestBodyFile.Load(result.GetValue(s_body)!, result.GetValue(s_items)),
            CommonOptions.ToSpan(result.GetValue(s_duration), "--duration"),
            result.GetValue(s_warmup) is var warmup && warmup == 0 ? TimeSpan.Zero : CommonOptions.ToSpan(warmup, "--warmup"),
            CommonOptions.ToSpan(result.GetValue(s_timeout), "--timeout"),
            result.GetValue(s_serverPid),
            CommonOptions.ParseLabels(result.GetValue(s_labels)));
    }
}
