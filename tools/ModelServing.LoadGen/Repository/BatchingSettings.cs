namespace ModelServing.LoadGen.Repository;

/// <summary>The <c>batching</c> section written into the copied configs when batching is on.</summary>
/// <param name="MaxBatchSize">Largest batch run at once.</param>
/// <param name="MaxQueueDelayMicroseconds">How long the first request of a batch may wait for others.</param>
/// <param name="MaxConcurrentExecutions">Batches running at once.</param>
/// <param name="PreferredBatchSizes">Sizes the batcher aims for; empty for none.</param>
/// <param name="PadVariableLength">Whether images of different sizes are padded to batch together.</param>
public sealed record BatchingSettings(
    int MaxBatchSize,
    int MaxQueueDelayMicroseconds,
    int MaxConcurrentExecutions,
    IReadOnlyList<int> PreferredBatchSizes,
    bool PadVariableLength);
