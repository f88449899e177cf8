using ModelServing.Core.Batching;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Repository;

/// <summary>One version of a model: its lifecycle state, its runner when loaded, and the requests holding it.</summary>
/// <remarks>
/// Thread-safe. Requests take a lease with <see cref="TryAcquire"/> and dispose it when done; the runner is disposed only
/// after the version left <see cref="ModelVersionState.Available"/> and the last lease is gone, so a request that holds a
/// version keeps it alive until it finishes.
/// </remarks>
public sealed class ModelVersion
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ModelVersionStatus _status;
    private IModelRunner? _runner;
    private ServingPipeline? _pipeline;
    private IModelScheduler? _scheduler;
    private int _leases;

    /// <summary>Creates a version in state START.</summary>
    public ModelVersion(string modelName, long number, string directory)
    {
        ModelName = modelName;
        Number = number;
        Directory = directory;
        _status = new ModelVersionStatus(number, ModelVersionState.Start, "OK", string.Empty, null);
    }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>Version number.</summary>
    public long Number { get; }

    /// <summary>Absolute path of the version directory.</summary>
    public string Directory { get; }

    /// <summary>The version directory's files when it was planned (to notice changes), or null.</summary>
    public VersionFiles? Files { get; init; }

    /// <summary>The current state and error.</summary>
    public ModelVersionStatus Status => Volatile.Read(ref _status);

    /// <summary>The lifecycle state.</summary>
    public ModelVersionState State => Status.State;

    /// <summary>The public signature (after the serving function) once loaded, else null.</summary>
    public ModelSignature? Signature => Volatile.Read(ref _pipeline)?.PublicSignature;

    /// <summary>The version's scheduler while it is loaded (for queue-depth metrics), else null.</summary>
    public IModelScheduler? Scheduler => Volatile.Read(ref _scheduler);

    /// <summary>Marks the version LOADING.</summary>
    public void MarkLoading() => Volatile.Write(ref _status, _status with { State = ModelVersionState.Loading });

    /// <summary>Keeps the version LOADING with a reason shown in its status (a composed model waiting for the models it calls).</summary>
    public void MarkWaiting(string message) =>
        Volatile.Write(ref _status, new ModelVersionStatus(Number, ModelVersionState.Loading, "UNAVAILABLE", message, null));

    /// <summary>Makes the version AVAILABLE with its loaded runner (ownership passes to the version) and serving pipeline.</summary>
    public void MarkAvailable(IModelRunner runner, ServingPipeline pipeline, IModelScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(scheduler);
        lock (_gate)
        {
            _runner = runner;
            _pipeline = pipeline;
            _scheduler = scheduler;
            Volatile.Write(ref _status, new ModelVersionStatus(Number, ModelVersionState.Available, "OK", string.Empty, runner.ExecutionProvider));
        }
    }

    /// <summary>Records a failed load: state END with the error.</summary>
    public void MarkFailed(string errorCode, string message) =>
        Volatile.Write(ref _status, new ModelVersionStatus(Number, ModelVersionState.End, errorCode, message, null));

    /// <summary>Takes a lease on an AVAILABLE version.</summary>
    /// <returns>The lease, or null when the version is not AVAILABLE.</returns>
    public VersionLease? TryAcquire()
    {
        lock (_gate)
        {
            if (_status.State != ModelVersionState.Available || _runner is null)
            {
                return null;
            }

            _leases++;
            return new VersionLease(this, _runner, _pipeline!, _scheduler!);
        }
    }

    /// <summary>Stops new requests, waits for those holding a lease, then disposes the runner (state END).</summary>
    public async Task UnloadAsync(CancellationToken cancellationToken)
    {
        bool wait;
        lock (_gate)
        {
            if (_status.State is ModelVersionState.Unloading or ModelVersionState.End && _runner is null)
            {
                return;
            }

            Volatile.Write(ref _status, _status with { State = ModelVersionState.Unloading });
            wait = _leases > 0;
        }

        if (wait)
        {
            await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        IModelRunner? runner;
        IModelScheduler? scheduler;
        lock (_gate)
        {
            runner = _runner;
            scheduler = _scheduler;
            _runner = null;
            _scheduler = null;
            Volatile.Write(ref _status, new ModelVersionStatus(Number, ModelVersionState.End, "OK", string.Empty, null));
        }

        if (scheduler is not null)
        {
            await scheduler.DisposeAsync().ConfigureAwait(false);
        }

        runner?.Dispose();
    }

    internal void Release()
    {
        lock (_gate)
        {
            _leases--;
            if (_leases == 0 && _status.State == ModelVersionState.Unloading)
            {
                _drained.TrySetResult();
            }
        }
    }
}
