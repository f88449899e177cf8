using System.CommandLine;
using ModelServing.LoadGen.Repository;

namespace ModelServing.LoadGen.Cli;

/// <summary>The <c>repo</c> command: a scratch copy of some models with batching switched on or off in their configs.</summary>
internal static class RepoCommand
{
    public static Command Create()
    {
        var source = CommonOptions.RequiredPath("--source", "The model repository to copy from, e.g. models.");
        var destination = CommonOptions.RequiredPath("--dest", "The scratch repository to write (created; the named models in it are replaced).");
        var models = new Option<string>("--models") { Description = "Comma-separated model names to copy.", Required = true };
        var batching = new Option<BatchingMode>("--batching") { Description = "on: write a batching section; off: maxBatchSize 0; keep: copy configs unchanged.", Required = true };
        var maxBatch = new Option<int>("--max-batch-size") { Description = "maxBatchSize when on (default 32).", DefaultValueFactory = _ => 32 };
        var delay = new Option<int>("--queue-delay-us") { Description = "maxQueueDelayMicroseconds when on (default 0).", DefaultValueFactory = _ => 0 };
        var executions = new Option<int>("--max-concurrent-executions") { Description = "maxConcurrentExecutions when on (default 1).", DefaultValueFactory = _ => 1 };
        var preferred = new Option<string>("--preferred-batch-sizes") { Description = "preferredBatchSizes when on, comma-separated (default none).", DefaultValueFactory = _ => string.Empty };
        var pad = new Option<bool>("--pad-variable-length") { Description = "padVariableLength when on." };
        var command = new Command("repo", "Copy models into a scratch repository with dynamic batching on or off in their config.json.")
        {
            source, destination, models, batching, maxBatch, delay, executions, preferred, pad,
        };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var settings = new BatchingSettings(
                result.GetValue(maxBatch),
                result.GetValue(delay),
                result.GetValue(executions),
                result.GetValue(preferred) is { Length: > 0 } list ? CommonOptions.ParseIntegers(list, "--preferred-batch-sizes") : [],
                result.GetValue(pad));
            var names = result.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            RepositoryCopier.Copy(result.GetValue(source)!, result.GetValue(destination)!, names, result.GetValue(batching), settings);
            return Task.CompletedTask;
        }));
        return command;
    }
}
