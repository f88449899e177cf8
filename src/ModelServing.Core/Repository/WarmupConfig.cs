namespace ModelServing.Core.Repository;

/// <summary>What a version runs before it becomes AVAILABLE (<c>warmup</c> in config.json), so first requests are not slow.</summary>
public sealed record WarmupConfig
{
    /// <summary>Batch sizes of synthetic batches (zeros; empty strings) built from the model's own signature.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<int> BatchSizes { get; init; } = [];

    /// <summary>Size given to dynamic dimensions other than the batch dimension in synthetic batches.</summary>
    /// <value>Default 32.</value>
    public int DynamicDimensionSize { get; init; } = 32;

    /// <summary>Predict request files (TF Serving JSON bodies, paths relative to the model directory) run through the serving function.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> Requests { get; init; } = [];

    /// <summary>How many times each batch and request runs.</summary>
    /// <value>Default 1.</value>
    public int Iterations { get; init; } = 1;

    /// <summary>True when there is nothing to run.</summary>
    public bool IsEmpty => BatchSizes.Count == 0 && Requests.Count == 0;
}
