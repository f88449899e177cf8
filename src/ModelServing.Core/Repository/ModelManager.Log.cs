using Microsoft.Extensions.Logging;

namespace ModelServing.Core.Repository;

public sealed partial class ModelManager
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Model repository {Root} cannot be read: {Reason} (checked again at every poll; logged again when this changes)")]
        public static partial void RepositoryUnreadable(ILogger logger, string root, string reason);

        [LoggerMessage(15, LogLevel.Information, "Model repository {Root} can be read again")]
        public static partial void RepositoryReadable(ILogger logger, string root);

        [LoggerMessage(2, LogLevel.Error, "Invalid model config: {Error}")]
        public static partial void ConfigInvalid(ILogger logger, string error);

        [LoggerMessage(3, LogLevel.Information, "Loading model {Model} version {Version}")]
        public static partial void VersionLoading(ILogger logger, string model, long version);

        [LoggerMessage(4, LogLevel.Information, "Model {Model} version {Version} is AVAILABLE on {Provider} (loaded in {ElapsedMs:F0} ms)")]
        public static partial void VersionAvailable(ILogger logger, string model, long version, string provider, double elapsedMs);

        [LoggerMessage(5, LogLevel.Error, "Model {Model} version {Version} failed to load: {Reason}")]
        public static partial void VersionFailed(ILogger logger, string model, long version, string reason, Exception? exception);

        [LoggerMessage(6, LogLevel.Information, "Unloading model {Model} version {Version}")]
        public static partial void VersionUnloading(ILogger logger, string model, long version);

        [LoggerMessage(7, LogLevel.Information, "Model {Model} version {Version} unloaded")]
        public static partial void VersionUnloaded(ILogger logger, string model, long version);

        [LoggerMessage(9, LogLevel.Information, "Model {Model} version {Version} warmed up")]
        public static partial void VersionWarmedUp(ILogger logger, string model, long version);

        [LoggerMessage(10, LogLevel.Information, "Model {Model} version {Version} is still being written; it loads once its files settle")]
        public static partial void VersionSettling(ILogger logger, string model, long version);

        [LoggerMessage(8, LogLevel.Information, "Model {Model} removed from the repository")]
        public static partial void ModelRemoved(ILogger logger, string model);

        [LoggerMessage(11, LogLevel.Information, "Retrying the load of model {Model} version {Version} (attempt {Attempt}) in {DelayMs:F0} ms")]
        public static partial void VersionRetrying(ILogger logger, string model, long version, int attempt, double delayMs);

        [LoggerMessage(12, LogLevel.Warning, "Model {Model} version {Version} still fails after {Attempts} retries; it loads again when its files or config change")]
        public static partial void RetriesExhausted(ILogger logger, string model, long version, int attempts);

        [LoggerMessage(13, LogLevel.Information, "Model {Model} unloaded by the management API; it stays unloaded until loaded again")]
        public static partial void ModelUnloadedManually(ILogger logger, string model);

        [LoggerMessage(14, LogLevel.Information, "Model {Model} {Action} requested by the management API")]
        public static partial void ModelCommand(ILogger logger, string model, string action);

        [LoggerMessage(15, LogLevel.Information, "Composed model {Model} version {Version} waits for the models it calls: {Reason}")]
        public static partial void GraphWaiting(ILogger logger, string model, long version, string reason);
    }
}
