using Microsoft.Extensions.Options;
using ModelServing.Core.Errors;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Telemetry;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.DataPlane;

/// <summary>The one data plane every protocol adapts to: model status, metadata and inference over the served models.</summary>
/// <remarks>Thread-safe; reads the model manager's current snapshot on every call.</remarks>
public sealed class InferenceService
{
    private readonly ModelManager _manager;
    private readonly RequestSizeLimits _limits;

    /// <summary>Creates the data plane over <paramref name="manager"/>.</summary>
    /// <param name="manager">The served models.</param>
    /// <param name="limits">How large one request may be; null for the defaults.</param>
    public InferenceService(ModelManager manager, IOptions<RequestSizeLimits>? limits = null)
    {
        _manager = manager;
        _limits = limits?.Value ?? RequestSizeLimits.Defaults;
    }

    /// <summary>Names of the models in the repository, sorted.</summary>
    public IReadOnlyList<string> ModelNames => [.. _manager.Snapshot.Models.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The status of every version of a model, or of the selected one.</summary>
    /// <exception cref="ServingException">Unknown model (not found), version (not found) or label (invalid).</exception>
    public IReadOnlyList<ModelVersionStatus> GetStatus(string modelName, VersionSelector selector)
    {
        var model = FindModel(modelName);
        if (selector.IsLatest)
        {
            var statuses = model.Statuses();
            return statuses.Count > 0 ? statuses : throw NoVersions(modelName);
        }

        var number = selector.Number ?? ResolveLabel(model, selector);
        if (model.UnfetchedStatus(number) is { } unfetched)
        {
            return [unfetched];
        }

        var version = model.FindVersion(number)
            ?? throw new ServingException(ServingErrorKind.VersionNotFound, $"Could not find version {number} of model {modelName}");
        return [model.StatusOf(version)];
    }

    /// <summary>Takes a lease on the AVAILABLE version the selector names; dispose it when the request is done.</summary>
    /// <exception cref="ServingException">Unknown model or version, unknown label, or the version is not AVAILABLE.</exception>
    /// <remarks>
    /// A version that a snapshot still shows AVAILABLE may be unloading by the time it is leased (a swap publishes the new
    /// snapshot, then retires the old version): the selector is then resolved again on the newer snapshot, a few times at most.
    /// </remarks>
    public VersionLease Acquire(string modelName, VersionSelector selector)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (TryAcquire(modelName, selector, out var lease, out var failure))
            {
                return lease!;
            }

            if (attempt == MaxAcquireAttempts)
            {
                throw failure!;
            }
        }
    }

    private const int MaxAcquireAttempts = 3;

    private bool TryAcquire(string modelName, VersionSelector selector, out VersionLease? lease, out ServingException? failure)
    {
        var model = FindModel(modelName, selector);
        ModelVersion? version;
        if (selector.IsLatest)
        {
            version = model.LatestAvailable();
        }
        else
        {
            var number = selector.Number ?? ResolveLabel(model, selector);
            version = model.FindVersion(number);
            if (version is null)
            {
                throw new ServingException(ServingErrorKind.VersionNotFound, $"Servable not found for request: {selector.Describe(modelName)}");
            }
        }

        lease = version?.TryAcquire();
        failure = lease is null ? NotAvailable(model, selector) : null;
        return lease is not null;
    }

    /// <summary>The metadata of the selected AVAILABLE version.</summary>
    public ModelMetadata GetMetadata(string modelName, VersionSelector selector)
    {
        using var lease = Acquire(modelName, selector);
        var model = _manager.Snapshot.Models.GetValueOrDefault(modelName);
        return new ModelMetadata(modelName, lease.Version.Number, lease.Signature, lease.Runner.ExecutionProvider, model?.Config.Description, lease.Pipeline.Stages);
    }

    /// <summary>Runs the leased version on validated inputs.</summary>
    /// <param name="lease">The version to run, from <see cref="Acquire"/>.</param>
    /// <param name="inputs">One tensor per model input.</param>
    /// <param name="deadline">When the caller stops waiting; a request still queued then never runs. Null: the model's default timeout.</param>
    /// <param name="cancellationToken">The caller going away.</param>
    /// <exception cref="ServingException">
    /// Inputs do not fit or are past a <see cref="RequestSizeLimits"/> limit, the queue is full, the deadline passed, or the runtime failed.
    /// </exception>
    public async Task<InferenceResult> InferAsync(
        VersionLease lease, IReadOnlyDictionary<string, TensorData> inputs, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);

        // Where inputs are checked: here, once per request, against the public signature, before anything is queued; input
        // stages' outputs once per version when the pipeline is built (ServingPipeline.Build); the runner only what native
        // code needs to read the buffers safely (names, element types, shapes) for each run.
        InputValidator.Validate(lease.Signature, inputs);
        RequestSizeCheck.Check(lease.Signature, inputs, _limits);
        var context = new ServingContext(_limits);
        IReadOnlyDictionary<string, TensorData>? outputs = null;
        var queued = false;
        try
        {
            IReadOnlyDictionary<string, TensorData> modelInputs;
            using (ServingTelemetry.Source.StartActivity("preprocess"))
            {
                modelInputs = lease.Pipeline.PrepareInputs(inputs, context);
            }

            queued = true;
            outputs = await lease.Scheduler.RunAsync(modelInputs, deadline, cancellationToken).ConfigureAwait(false);
            using (ServingTelemetry.Source.StartActivity("postprocess"))
            {
                return new InferenceResult(lease.Version.ModelName, lease.Version.Number, lease.Pipeline.FinishOutputs(outputs, context));
            }
        }
        finally
        {
            // Pooled input arrays go back only when no run can still read them: never queued, or the run has answered.
            // After a failure or cancellation a run may still hold them, so they are left to the GC.
            if (!queued || outputs is not null)
            {
                context.ReturnRentedArrays(outputs);
            }
        }
    }

    private ServedModel FindModel(string modelName) =>
        _manager.Snapshot.Models.GetValueOrDefault(modelName) ?? throw NoVersions(modelName);

    private ServedModel FindModel(string modelName, VersionSelector selector) =>
        _manager.Snapshot.Models.GetValueOrDefault(modelName)
        ?? throw new ServingException(ServingErrorKind.ModelNotFound, $"Servable not found for request: {selector.Describe(modelName)}");

    private static long ResolveLabel(ServedModel model, VersionSelector selector)
    {
        var label = selector.Label!;
        return model.ResolveLabel(label, out var number) switch
        {
            LabelResolution.Resolved => number,
            LabelResolution.Unknown => throw new ServingException(ServingErrorKind.InvalidInput, $"Unrecognized servable version label: {label}"),
            _ => throw LabelNotAvailable(model, selector, model.Config.VersionLabels[label]),
        };
    }

    private static ServingException LabelNotAvailable(ServedModel model, VersionSelector selector, long configured)
    {
        var state = model.FindVersion(configured) is { } version
            ? $"version {configured} is {version.State.ToString().ToUpperInvariant()}"
            : $"version {configured} is not in the repository";
        return new ServingException(
            ServingErrorKind.NotReady,
            $"Servable not found for request: {selector.Describe(model.Name)} (label {selector.Label} points at version {configured}, which has not been AVAILABLE yet: {state})");
    }

    private static ServingException NoVersions(string modelName) =>
        new(ServingErrorKind.ModelNotFound, $"Could not find any versions of model {modelName}");

    private static ServingException NotAvailable(ServedModel model, VersionSelector selector)
    {
        var states = model.Versions.Count == 0
            ? "it has no version"
            : string.Join(", ", model.Versions.Select(v => $"version {v.Number} is {v.State.ToString().ToUpperInvariant()}"));
        return new ServingException(ServingErrorKind.NotReady, $"Servable not found for request: {selector.Describe(model.Name)} ({states})");
    }
}
