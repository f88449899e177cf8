using System.CommandLine;
using ModelServing.LoadGen.InProcess;
using ModelServing.LoadGen.Reporting;

namespace ModelServing.LoadGen.Cli;

/// <summary>The <c>inprocess</c> command: the model's limit without HTTP, loaded as the gateway loads it.</summary>
internal static class InProcessCommand
{
    public static Command Create()
    {
        var modelDir = CommonOptions.RequiredPath("--model-dir", "The model directory (holding config.json and version directories), e.g. models/loans.");
        var body = CommonOptions.RequiredPath("--body", "A predict request body; its first instance is copied into batches, and the whole body is timed as one request.");
        var batchSizes = new Option<string>("--batch-sizes") { Description = "Batch sizes for raw runs (default 1,2,4,8,16,32).", DefaultValueFactory = _ => "1,2,4,8,16,32" };
        var parallel = new Option<string>("--parallel") { Description = "Numbers of concurrent callers to try at each batch size (default 1).", DefaultValueFactory = _ => "1" };
        var duration = CommonOptions.Seconds("--duration", 3, "Time per measured point");
        var maxBatchMib = new Option<int>("--max-batch-mib") { Description = "Skip batch sizes whose model inputs exceed this many MiB (default 512).", DefaultValueFactory = _ => 512 };
        var labels = CommonOptions.Labels();
        var json = CommonOptions.Json();
        var command = new Command("inprocess", "The in-process limit: raw Run per batch size, the serving function from raw bytes, one request's JSON path.")
        {
            modelDir, body, batchSizes, parallel, duration, maxBatchMib, labels, json,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = new InProcessBench.Settings(
                result.GetValue(modelDir)!,
                result.GetValue(body)!,
                CommonOptions.ParseIntegers(result.GetValue(batchSizes)!, "--batch-sizes"),
                CommonOptions.ParseIntegers(result.GetValue(parallel)!, "--parallel"),
                CommonOptions.ToSpan(result.GetValue(duration), "--duration"),
                (long)result.GetValue(maxBatchMib) << 20,
                CommonOptions.ParseLabels(result.GetValue(labels)));
            var report = await InProcessBench.RunAsync(settings, Console.Error, cancellationToken).ConfigureAwait(false);
            ReportWriter.Write(report, result.GetValue(json));
        }));
        return command;
    }
}
