using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using ModelServing.Core.IO;
using ModelServing.Core.Runtime;
using ModelServing.Onnx.ExternalData;
using ModelServing.Onnx.Sessions;
using ModelServing.Onnx.Signatures;

namespace ModelServing.Onnx;

/// <summary>Loads <c>model.onnx</c> files into ONNX Runtime sessions (platform <c>onnxruntime</c>).</summary>
/// <remarks>
/// Thread-safe; register it as a singleton. Every session shares the process-wide environment and, unless its config asks
/// for its own threads, its thread pools. Session options and execution providers come from the model's <c>runtime</c> config.
/// </remarks>
public sealed partial class OnnxRunnerFactory : IModelRunnerFactory
{
    private readonly ILogger<OnnxRunnerFactory> _logger;
    private readonly Action<OnnxModelRunner> _onRunnerDisposed;
    private int _openSessions;

    /// <summary>Creates the factory and initializes the shared ONNX Runtime environment.</summary>
    public OnnxRunnerFactory(ILogger<OnnxRunnerFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _onRunnerDisposed = OnRunnerDisposed;
        _ = OnnxEnvironment.Instance;
    }

    /// <summary>Sessions this factory loaded that are not disposed yet (each with its session options).</summary>
    public int OpenSessions => Volatile.Read(ref _openSessions);

    /// <inheritdoc />
    public string Platform => "onnxruntime";

    /// <inheritdoc />
    public string ModelFileName => "model.onnx";

    /// <inheritdoc />
    /// <remarks>Session creation runs on the thread pool; a cancelled load disposes whatever it created.</remarks>
    public Task<IModelRunner> LoadAsync(ModelLoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.Run<IModelRunner>(() => Load(request, cancellationToken), cancellationToken);
    }

    private OnnxModelRunner Load(ModelLoadRequest request, CancellationToken cancellationToken)
    {
        Log.Loading(_logger, request.ModelName, request.Version);
        var started = Stopwatch.GetTimestamp();
        SessionOptions? options = null;
        InferenceSession? session = null;
        try
        {
            if (RegularFiles.Problem(request.ModelPath) is { } problem)
            {
                throw new ModelLoadException(problem == RegularFiles.Missing
                    ? "Failed to load model: the model file does not exist"
                    : $"Failed to load model: the model file {problem}");
            }

            ExternalDataCheck.Verify(request.ModelPath, request.VersionDirectory);

            options = CreateSessionOptions(request);
            var provider = SelectExecutionProvider(request, options);
            try
            {
                session = CreateSession(request.ModelPath, options);
            }
            catch (ModelLoadException ex) when (provider != "cpu" && !request.Runtime.RequireAccelerator)
            {
                // The provider was added but could not start (no GPU, a driver too old): run on the CPU instead.
                ReportFallback(request, $"the {provider} session could not start: {ex.Message}");
                options.Dispose();
                options = CreateSessionOptions(request);
                provider = "cpu";
                session = CreateSession(request.ModelPath, options);
            }

            var signature = OnnxSignatureReader.Read(session);
            cancellationToken.ThrowIfCancellationRequested();
            var shrink = request.Runtime.MemoryArena ? request.Runtime.MemoryArenaShrinkInterval : null;
            var runner = new OnnxModelRunner(session, options, signature, request.ModelName, request.Version, _logger, provider, _onRunnerDisposed, shrink);
            Interlocked.Increment(ref _openSessions);
            Log.Loaded(
                _logger,
                request.ModelName,
                request.Version,
                signature.Inputs.Count,
                signature.Outputs.Count,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return runner;
        }
        catch (Exception ex)
        {
            session?.Dispose();
            options?.Dispose();
            if (ex is OperationCanceledException)
            {
                throw;
            }

            var loadError = ex as ModelLoadException
                ?? new ModelLoadException("Failed to load model: an unexpected error occurred", ex);
            Log.LoadFailed(_logger, request.ModelName, request.Version, loadError.Message, ex);
            if (ReferenceEquals(loadError, ex))
            {
                throw;
            }

            throw loadError;
        }
    }

    /// <summary>
    /// A runner released its session: give the native memory ONNX Runtime freed (weights, arena chunks) and the managed
    /// memory its requests left back to the operating system, so an unloaded version's memory leaves the process instead of
    /// staying resident in malloc's heaps and the GC's segments.
    /// </summary>
    private void OnRunnerDisposed(OnnxModelRunner runner)
    {
        var open = Interlocked.Decrement(ref _openSessions);
        var before = Environment.WorkingSet;

        // The managed side too: the version's tensors and buffers are garbage now, and an aggressive collection gives the
        // heap's free space back to the OS (an unload is rare; one full collection of a small heap is cheap next to it).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (NativeHeap.Trim())
        {
            Log.NativeMemoryTrimmed(_logger, runner.ModelName, runner.Version, open, before >> 20, Environment.WorkingSet >> 20);
        }
    }

    /// <summary>Opens the session, mapping ONNX Runtime's errors to <see cref="ModelLoadException"/>s without paths.</summary>
    private static InferenceSession CreateSession(string modelPath, SessionOptions options)
    {
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException(LoadFailureMessage(ex, modelPath), ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException("Failed to load model: the model file could not be read", ex);
        }
    }

    private static string LoadFailureMessage(OnnxRuntimeException exception, string modelPath)
    {
        switch (OrtErrorMessages.ErrorCode(exception))
        {
            case "NoSuchFile":
                return "Failed to load model: the model file does not exist";
            case "InvalidProtobuf":
                return "Failed to load model: the file is not a valid ONNX model";
        }

        // An input or output of a type nobody can serve explains the failure best, whether native ONNX Runtime refused it
        // (complex64) or its C# API did (float8, int4: "Unregistered TensorElementType"), neither of which names the tensor.
        if (OnnxDeclarationInspector.DescribeUnservableValue(modelPath) is { } culprit)
        {
            return $"Failed to load model: {culprit}, which cannot be served";
        }

        return OrtErrorMessages.SafeDetail(exception, modelPath) is { } detail
            ? $"Failed to load model: {detail}"
            : "Failed to load model: ONNX Runtime rejected the model";
    }

    /// <summary>Session options from the model's <c>runtime</c> config; shared thread pools unless it asks for its own threads.</summary>
    private static SessionOptions CreateSessionOptions(ModelLoadRequest request)
    {
        var runtime = request.Runtime;
        var options = new SessionOptions();
        try
        {
            options.LogId = $"{request.ModelName}:{request.Version}";
            options.GraphOptimizationLevel = runtime.GraphOptimizationLevel switch
            {
                "none" => GraphOptimizationLevel.ORT_DISABLE_ALL,
                "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            options.ExecutionMode = runtime.ExecutionMode == "parallel" ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL;
            options.EnableCpuMemArena = runtime.MemoryArena;
            options.EnableMemoryPattern = runtime.MemoryPattern;
            if (runtime.IntraOpThreads is null && runtime.InterOpThreads is null && OnnxEnvironment.UsesSharedThreadPools)
            {
                options.DisablePerSessionThreads();
            }
            else
            {
                options.IntraOpNumThreads = runtime.IntraOpThreads ?? OnnxEnvironment.SharedIntraOpThreads;
                options.InterOpNumThreads = runtime.InterOpThreads ?? 1;
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>Appends the first execution provider of the config's preference list that loads; the CPU is always last.</summary>
    /// <returns>The provider the session runs on: <c>cuda</c> or <c>cpu</c>.</returns>
    /// <exception cref="ModelLoadException">An accelerator is required and cannot load.</exception>
    private string SelectExecutionProvider(ModelLoadRequest request, SessionOptions options)
    {
        var runtime = request.Runtime;
        var preference = runtime.ExecutionProviders.Count > 0 ? runtime.ExecutionProviders : ExecutionProviders.DefaultPreference;
        foreach (var provider in preference)
        {
            if (provider == "cpu")
            {
                return "cpu";
            }

            if (provider == "cuda")
            {
                if (ExecutionProviders.TryAppendCuda(options) is not { } reason)
                {
                    return "cuda";
                }

                if (runtime.RequireAccelerator)
                {
                    throw new ModelLoadException($"CUDA is required by the config but {reason}");
                }

                ReportFallback(request, reason);
            }
        }

        return "cpu";
    }

    /// <summary>Logs why a version that prefers CUDA runs on the CPU: the reason once per process, the version each time.</summary>
    private void ReportFallback(ModelLoadRequest request, string reason)
    {
        if (ExecutionProviders.FirstReport(reason))
        {
            Log.CudaUnavailable(_logger, reason);
        }

        Log.FallingBackToCpu(_logger, request.ModelName, request.Version);
    }
}
