using System.Globalization;
using ModelServing.Core.Repository;

namespace ModelServing.BatchCli.Profiling;

/// <summary>One point of the search space: the <c>runtime</c> and <c>batching</c> settings a trial loads the model with.</summary>
/// <param name="MaxBatchSize">Rows per execution (<c>batching.maxBatchSize</c>); 0 turns batching off.</param>
/// <param name="PreferredBatchSizes">Sizes run without waiting for the delay (<c>batching.preferredBatchSizes</c>).</param>
/// <param name="QueueDelayMicroseconds">How long a batch waits to fill (<c>batching.maxQueueDelayMicroseconds</c>).</param>
/// <param name="MaxConcurrentExecutions">Model executions at once (<c>batching.maxConcurrentExecutions</c>).</param>
/// <param name="IntraOpThreads">ONNX Runtime threads per session (<c>runtime.intraOpThreads</c>); null for the gateway's shared pool.</param>
internal sealed record TrialConfig(
    int MaxBatchSize,
    IReadOnlyList<int> PreferredBatchSizes,
    long QueueDelayMicroseconds,
    int MaxConcurrentExecutions,
    int? IntraOpThreads)
{
    /// <summary>The settings a model's config already has (defaults where it says nothing).</summary>
    public static TrialConfig From(ModelConfig config) => new(
        config.Batching.MaxBatchSize,
        config.Batching.PreferredBatchSizes,
        (long)config.Batching.MaxQueueDelay.TotalMicroseconds,
        config.Batching.MaxConcurrentExecutions,
        config.Runtime.IntraOpThreads);

    /// <summary>The model's config with these settings; every other field as read from config.json.</summary>
    public ModelConfig Apply(ModelConfig config) => config with
    {
        Runtime = config.Runtime with { IntraOpThreads = IntraOpThreads, InterOpThreads = IntraOpThreads is null ? null : config.Runtime.InterOpThreads },
        Batching = config.Batching with
        {
            MaxBatchSize = MaxBatchSize,
            PreferredBatchSizes = PreferredBatchSizes,
            MaxQueueDelay = TimeSpan.FromMicroseconds(QueueDelayMicroseconds),
            MaxConcurrentExecutions = MaxConcurrentExecutions,
        },
    };

    /// <summary>A short label for tables and progress lines.</summary>
    public override string ToString()
    {
        var batching = MaxBatchSize == 0
            ? "batching off"
            : string.Create(CultureInfo.InvariantCulture, $"batch {MaxBatchSize}, delay {QueueDelayMicroseconds} µs")
              + (PreferredBatchSizes.Count > 0 ? $", preferred [{string.Join(',', PreferredBatchSizes)}]" : string.Empty);
        var threads = IntraOpThreads is { } t ? t.ToString(CultureInfo.InvariantCulture) : "shared";
        return string.Create(CultureInfo.InvariantCulture, $"{batching}, {MaxConcurrentExecutions} exec, {threads} threads");
    }

    /// <summary>Equality by value, the list included.</summary>
    public bool Equals(TrialConfig? other) =>
        other is not null && MaxBatchSize == other.MaxBatchSize && PreferredBatchSizes.SequenceEqual(other.PreferredBatchSizes)
        && QueueDelayMicroseconds == other.QueueDelayMicroseconds && MaxConcurrentExecutions == other.MaxConcurrentExecutions
        && IntraOpThreads == other.IntraOpThreads;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MaxBatchSize, PreferredBatchSizes.Count, QueueDelayMicroseconds, MaxConcurrentExecutions, IntraOpThreads);
}
