using Microsoft.Extensions.Logging;
using ModelServing.Core.Runtime;

namespace ModelServing.Core.Batching;

/// <summary>The schedulers built in, for hosts and tools that run a model outside a repository.</summary>
public static class ModelSchedulers
{
    /// <summary>The dynamic batcher (Triton's <c>dynamic_batching</c>) over <paramref name="runner"/>, with its own execution threads.</summary>
    /// <remarks>The caller disposes the scheduler, then the runner.</remarks>
    public static IModelScheduler Dynamic(IModelRunner runner, BatchingOptions options, TimeProvider timeProvider, ILogger logger) =>
        new DynamicBatcher(runner, options, timeProvider, logger);
}
