using Microsoft.Extensions.Logging;

namespace ModelServing.Core.Runtime;

public sealed partial class ExecutionGuard
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Model {Model} version {Version}: the circuit breaker opened for {Seconds} s after repeated failures")]
        public static partial void BreakerOpened(ILogger logger, string model, long version, double seconds, Exception? exception);

        [LoggerMessage(2, LogLevel.Information, "Model {Model} version {Version}: the circuit breaker is half-open, one execution may try")]
        public static partial void BreakerHalfOpened(ILogger logger, string model, long version);

        [LoggerMessage(3, LogLevel.Information, "Model {Model} version {Version}: the circuit breaker closed")]
        public static partial void BreakerClosed(ILogger logger, string model, long version);

        [LoggerMessage(4, LogLevel.Warning, "Model {Model} version {Version}: a run passed the inference timeout of {Milliseconds} ms and was stopped")]
        public static partial void RunTimedOut(ILogger logger, string model, long version, double milliseconds);
    }
}
