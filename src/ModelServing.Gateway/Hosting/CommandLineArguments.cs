namespace ModelServing.Gateway.Hosting;

/// <summary>Maps the gateway's friendly flags onto configuration keys.</summary>
internal static class CommandLineArguments
{
    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.Ordinal)
    {
        ["--model-repository"] = "--ModelRepository:Root",
        ["--model-name"] = "--ModelRepository:SingleModelName",
        ["--port"] = "--Gateway:Port",
        ["--grpc-port"] = "--Grpc:Port",
    };

    /// <summary>Rewrites <c>--model-repository PATH</c> and <c>--model-repository=PATH</c> to configuration keys.</summary>
    public static string[] Normalize(string[] args)
    {
        var result = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = equals < 0 ? arg : arg[..equals];
            result[i] = s_aliases.TryGetValue(flag, out var key) ? key + (equals < 0 ? string.Empty : arg[equals..]) : arg;
        }

        return result;
    }
}
