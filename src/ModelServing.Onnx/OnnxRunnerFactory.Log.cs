using Microsoft.Extensions.Logging;

namespace ModelServing.Onnx;

public sealed partial class OnnxRunnerFactory
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Loading ONNX model {ModelName} version {Version}")]
        public static partial void Loading(ILogger logger, string modelName, long version);

        [LoggerMessage(2, LogLevel.Information, "Loaded ONNX model {ModelName} version {Version}: {InputCount} inputs, {OutputCount} outputs, {ElapsedMilliseconds} ms")]
        public static partial void Loaded(ILogger logger, string modelName, long version, int inputCount, int outputCount, long elapsedMilliseconds);

        [LoggerMessage(3, LogLevel.Warning, "Could not load ONNX model {ModelName} version {Version}: {Reason}")]
        public static partial void LoadFailed(ILogger logger, string modelName, long version, string reason, Exception exception);

        [LoggerMessage(4, LogLevel.Information, "Model {ModelName} version {Version} prefers CUDA and runs on the CPU")]
        public static partial void FallingBackToCpu(ILogger logger, string modelName, long version);

        [LoggerMessage(6, LogLevel.Warning, "CUDA is unavailable, models that prefer it run on the CPU: {Reason}")]
        public static partial void CudaUnavailable(ILogger logger, string reason);

        [LoggerMessage(5, LogLevel.Debug, "Released model {ModelName} version {Version} ({OpenSessions} sessions still open); malloc_trim returned freed native memory: working set {BeforeMiB} -> {AfterMiB} MiB")]
        public static partial void NativeMemoryTrimmed(ILogger logger, string modelName, long version, int openSessions, long beforeMiB, long afterMiB);
    }
}
