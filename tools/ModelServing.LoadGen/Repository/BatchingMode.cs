namespace ModelServing.LoadGen.Repository;

/// <summary>What the copied configs say about dynamic batching.</summary>
public enum BatchingMode
{
    /// <summary>Configs copied unchanged.</summary>
    Keep,

    /// <summary>A <c>batching</c> section with the given settings.</summary>
    On,

    /// <summary><c>"batching": {"maxBatchSize": 0}</c>.</summary>
    Off,
}
