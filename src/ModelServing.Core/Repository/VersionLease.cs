using ModelServing.Core.Runtime;

namespace ModelServing.Core.Repository;

/// <summary>A request's hold on an AVAILABLE model version; dispose it when the request is done.</summary>
/// <remarks>Not thread-safe; owned by one request. Disposing twice is harmless.</remarks>
public sealed class VersionLease : IDisposable
{
    private int _disposed;

    internal VersionLease(ModelVersion version, IModelRunner runner)
    {
        Version = version;
        Runner = runner;
    }

    /// <summary>The held version.</summary>
    public ModelVersion Version { get; }

    /// <summary>Its runner, valid until the lease is disposed.</summary>
    public IModelRunner Runner { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Version.Release();
        }
    }
}
