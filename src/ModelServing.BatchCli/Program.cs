using System.CommandLine;
using ModelServing.BatchCli;

// Ctrl+C cancels the action's token; the profile then reports what it measured and a job commits its chunk, which can take
// longer than System.CommandLine's default 2 s before it gives up waiting.
return await BatchCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }).ConfigureAwait(false);
