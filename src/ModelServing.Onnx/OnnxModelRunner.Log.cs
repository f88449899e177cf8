using Microsoft.Extensions.Logging;

namespace ModelServing.Onnx;

internal sealed partial class OnnxModelRunner
{
    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Error, "ONNX Runtime failed running model {ModelName} version {Version}")]
        public static partial void RunFailed(ILogger logger, string modelName, long version, Exception exception);

        [LoggerMessage(11, LogLevel.Debug, "Run of model {ModelName} version {Version} was cancelled")]
        public static partial void RunCancelled(ILogger logger, string modelName, long version);

        [LoggerMessage(12, LogLevel.Debug, "Model {ModelName} version {Version} cannot run on a request's input values: {RuntimeMessage}")]
        public static partial void RunRejectedInput(ILogger logger, string modelName, long version, string runtimeMessage);
    }
}
