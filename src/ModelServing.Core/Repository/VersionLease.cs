using ModelServing.Core.Batching;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Repository;

/// <summary>A request's hold on an AVAILABLE model version; dispose it when the request is done.</summary>
/// <remarks>Not thread-safe; owned by one request. Disposing twice is harmless.</remarks>
public sealed class VersionLease : IDisposable
{
    private int _disposed;

    internal VersionLease(ModelVersion version, IModelRunner runner, ServingPipeline pipeline, IModelScheduler scheduler)
    {
        Version = version;
        Runner = runner;
        Pipeline = pipeline;
        Scheduler = scheduler;
    }

    /// <summary>Its scheduler: the way requests reach the runner.</summary>
    public IModelScheduler Scheduler { get; }

    /// <summary>The held version.</summary>
    public ModelVersion Version { get; }

    /// <summary>Its runner, valid until the lease is disposed.</summary>
    public IModelRunner Runner { get; }

    /// <summary>Its serving pipeline.</summary>
    public ServingPipeline Pipeline { get; }

    /// <summary>What clients send and receive: the pipeline's public signature.</summary>
    public ModelSignature Signature => Pipeline.PublicSignature;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Version.Release();
        }
    }
}
