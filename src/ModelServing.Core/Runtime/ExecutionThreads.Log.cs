using Microsoft.Extensions.Logging;

namespace ModelServing.Core.Runtime;

internal sealed partial class ExecutionThreads
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "An execution on the {Threads} threads threw")]
        public static partial void WorkFailed(ILogger logger, string threads, Exception exception);
    }
}
