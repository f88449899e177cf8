using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.Onnx.Tensors;

namespace ModelServing.Onnx;

/// <summary>One loaded ONNX model version: an <see cref="InferenceSession"/> and the signature read from it.</summary>
/// <remarks>
/// Thread-safe: ONNX Runtime sessions allow concurrent runs, and each run has its own <see cref="RunOptions"/> so that
/// cancelling one run (<see cref="RunOptions.Terminate"/>) does not stop the others. Runs execute synchronously on the
/// caller's thread. The runner owns the session and its options and disposes both.
/// </remarks>
internal sealed partial class OnnxModelRunner : IModelRunner
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly string _modelName;
    private readonly long _version;
    private readonly ILogger _logger;
    private readonly string[] _allOutputNames;
    private readonly Action<OnnxModelRunner>? _disposed;
    private int _disposedFlag;

    /// <param name="session">The session; the runner owns and disposes it.</param>
    /// <param name="options">The session's options; the runner owns and disposes them.</param>
    /// <param name="signature">The signature read from the session.</param>
    /// <param name="modelName">Model name, for logs.</param>
    /// <param name="version">Version number, for logs.</param>
    /// <param name="logger">Where run failures are logged.</param>
    /// <param name="executionProvider">Where the session runs.</param>
    /// <param name="disposed">Called once, after the session and its options are released.</param>
    /// <param name="arenaShrinkInterval">How often, at most, a run shrinks the CPU arena; null never (also when the session has no arena).</param>
    public OnnxModelRunner(
        InferenceSession session,
        SessionOptions options,
        ModelSignature signature,
        string modelName,
        long version,
        ILogger logger,
        string executionProvider = "cpu",
        Action<OnnxModelRunner>? disposed = null,
        TimeSpan? arenaShrinkInterval = null)
    {
        _disposed = disposed;
        _arenaShrinkTicks = ArenaShrinkTicks(arenaShrinkInterval);
        ExecutionProvider = executionProvider;
        _session = session;
        _options = options;
        Signature = signature;
        _modelName = modelName;
        _version = version;
        _logger = logger;
        _allOutputNames = [.. signature.Outputs.Select(o => o.Name)];
    }

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <summary>The model's name.</summary>
    public string ModelName => _modelName;

    /// <summary>The version number.</summary>
    public long Version => _version;

    /// <inheritdoc />
    public string ExecutionProvider { get; }

    /// <inheritdoc />
    /// <remarks>
    /// A token cancelled before the run starts, or while it runs, ends it with an <see cref="OperationCanceledException"/>:
    /// only the caller knows whether that was a deadline or a client going away, so mapping it to a status is theirs.
    /// </remarks>
    public ValueTask<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs,
        IReadOnlyList<string>? outputNames,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposedFlag) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<IReadOnlyDictionary<string, TensorData>>(cancellationToken);
        }

        try
        {
            // Requests were checked once before they were queued; per run only what native code needs to read the buffers.
            InputValidator.ValidateForRun(Signature, inputs);
            return ValueTask.FromResult<IReadOnlyDictionary<string, TensorData>>(Run(inputs, ResolveOutputs(outputNames), cancellationToken));
        }
        catch (OperationCanceledException ex) when (ex.CancellationToken == cancellationToken)
        {
            return ValueTask.FromCanceled<IReadOnlyDictionary<string, TensorData>>(cancellationToken);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<IReadOnlyDictionary<string, TensorData>>(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposedFlag, 1) == 0)
        {
            _session.Dispose();
            _options.Dispose();
            _disposed?.Invoke(this);
        }
    }

    private Dictionary<string, TensorData> Run(
        IReadOnlyDictionary<string, TensorData> inputs,
        string[] outputNames,
        CancellationToken cancellationToken)
    {
        var inputNames = new string[Signature.Inputs.Count];
        var values = new OrtValue[inputNames.Length];
        try
        {
            for (var i = 0; i < inputNames.Length; i++)
            {
                inputNames[i] = Signature.Inputs[i].Name;
                values[i] = OrtValueConverter.ToOrtValue(inputs[inputNames[i]]);
            }

            using var results = RunSession(inputNames, values, outputNames, cancellationToken);
            var outputs = new Dictionary<string, TensorData>(outputNames.Length, StringComparer.Ordinal);
            var index = 0;
            foreach (var result in results)
            {
                outputs.Add(outputNames[index++], OrtValueConverter.ToTensorData(result));
            }

            return outputs;
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> RunSession(
        string[] inputNames,
        OrtValue[] values,
        string[] outputNames,
        CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        var shrink = ClaimArenaShrink(runOptions);
        try
        {
            var results = _session.Run(runOptions, inputNames, values, outputNames);
            if (shrink)
            {
                AfterArenaShrink();
            }

            return results;
        }
        catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
        {
            Log.RunCancelled(_logger, _modelName, _version);
            throw new OperationCanceledException("The model run was cancelled.", ex, cancellationToken);
        }
        catch (OnnxRuntimeException ex)
        {
            throw RunFailure(ex);
        }
    }

    /// <summary>
    /// A run error in the data plane's terms: InvalidInput when the caller's values caused it (never counted by the circuit
    /// breaker, logged without a stack trace), RuntimeFailure otherwise; either way without graph names or paths.
    /// </summary>
    private ServingException RunFailure(OnnxRuntimeException exception)
    {
        var (causedByInput, detail) = OrtErrorMessages.DescribeRunFailure(exception);
        if (causedByInput)
        {
            Log.RunRejectedInput(_logger, _modelName, _version, exception.Message);
            return new ServingException(
                ServingErrorKind.InvalidInput,
                detail is null
                    ? $"Model {_modelName} version {_version} cannot run on the given input values."
                    : $"Model {_modelName} version {_version} cannot run on the given input values: {detail}",
                exception);
        }

        Log.RunFailed(_logger, _modelName, _version, exception);
        return new ServingException(
            ServingErrorKind.RuntimeFailure,
            detail is null ? "The model failed to run." : $"The model failed to run: {detail}",
            exception);
    }

    /// <summary>The requested outputs, in signature order and without duplicates; all of them when none are named.</summary>
    private string[] ResolveOutputs(IReadOnlyList<string>? outputNames)
    {
        if (outputNames is null)
        {
            return _allOutputNames;
        }

        if (outputNames.Count == 0)
        {
            throw ServingException.Invalid("at least one output must be requested");
        }

        foreach (var name in outputNames)
        {
            if (Signature.FindOutput(name) is null)
            {
                throw ServingException.Invalid($"the model has no output '{name}'");
            }
        }

        return [.. _allOutputNames.Where(outputNames.Contains)];
    }
}
