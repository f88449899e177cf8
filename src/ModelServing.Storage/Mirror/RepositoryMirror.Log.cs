using Microsoft.Extensions.Logging;

namespace ModelServing.Storage.Mirror;

/// <summary>Log messages: store names and object keys only, never credentials.</summary>
public sealed partial class RepositoryMirror
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Model repository {Store} synced: {Downloaded} objects downloaded, {Removed} files removed")]
        public static partial void Synced(ILogger logger, string store, long downloaded, int removed);

        [LoggerMessage(2, LogLevel.Warning, "The model repository store cannot be listed; the mirrored copy keeps serving and the store is tried again with backoff: {Problem}")]
        public static partial void StoreFailed(ILogger logger, string problem);

        [LoggerMessage(3, LogLevel.Information, "Model repository {Store} is reachable again")]
        public static partial void StoreRecovered(ILogger logger, string store);

        [LoggerMessage(4, LogLevel.Warning, "{Target} was not mirrored; its previous copy, if any, keeps serving: {Problem}")]
        public static partial void GroupFailed(ILogger logger, string target, string problem);

        // The SDK's own exception can quote request details: debug level only.
        [LoggerMessage(5, LogLevel.Debug, "Store failure detail")]
        public static partial void FailureDetail(ILogger logger, Exception exception);
    }
}
