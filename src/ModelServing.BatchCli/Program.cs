using ModelServing.BatchCli;

return await BatchCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
