using Microsoft.Extensions.Logging;

namespace ModelServing.Batch.Engine;

public sealed partial class BatchPredictionEngine
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Batch job on {Model}: {Files} input files, shard {ShardIndex} of {ShardCount}, {Resumed} chunks already committed")]
        public static partial void Started(ILogger logger, string model, int files, int shardIndex, int shardCount, int resumed);

        [LoggerMessage(2, LogLevel.Information, "Batch job on {Model} finished: {Succeeded} predicted, {Failed} failed in {Seconds:F1} s ({Rate:F0}/s)")]
        public static partial void Finished(ILogger logger, string model, long succeeded, long failed, double seconds, double rate);

        [LoggerMessage(3, LogLevel.Warning, "Batch job on {Model} aborted after {Failed} failed instances")]
        public static partial void Aborted(ILogger logger, string model, long failed);

        [LoggerMessage(4, LogLevel.Information, "Shard {ShardIndex} in {Output} is already complete")]
        public static partial void AlreadyComplete(ILogger logger, int shardIndex, string output);
    }
}
