using Microsoft.Extensions.Logging;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A batch of {Rows} rows from {Requests} requests failed")]
        public static partial void BatchFailed(ILogger logger, int rows, int requests, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "{Count} queued requests passed their deadline and were dropped")]
        public static partial void RequestsExpired(ILogger logger, int count);

        [LoggerMessage(3, LogLevel.Error, "The batch dispatcher failed")]
        public static partial void DispatchFailed(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "A BatchExecuted handler threw")]
        public static partial void BatchExecutedHandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Debug, "A batch of {Rows} rows was stopped: all of its {Requests} requests were cancelled")]
        public static partial void BatchAbandoned(ILogger logger, int rows, int requests);

        [LoggerMessage(6, LogLevel.Debug, "A batch of {Rows} rows from {Requests} requests was refused for its input values: {Reason}")]
        public static partial void BatchRejectedInput(ILogger logger, int rows, int requests, string reason);
    }
}
