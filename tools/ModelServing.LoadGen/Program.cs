using System.CommandLine;
using ModelServing.LoadGen.Cli;

var root = new RootCommand("ModelServing load generator: closed- and open-loop HTTP load, closed-loop gRPC load, in-process limits, benchmark reports.")
{
    LoadCommands.Closed(),
    LoadCommands.Open(),
    GrpcCommand.Create(),
    InProcessCommand.Create(),
    RepoCommand.Create(),
    ReportCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
