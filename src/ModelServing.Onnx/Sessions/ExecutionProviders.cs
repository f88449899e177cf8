using Microsoft.ML.OnnxRuntime;

namespace ModelServing.Onnx.Sessions;

/// <summary>Registers accelerator execution-provider plugins and appends them to session options.</summary>
/// <remarks>
/// CUDA comes as the plugin library <c>libonnxruntime_providers_cuda.so</c> (npm package
/// <c>com.github.asus4.onnxruntime.linux-x64-gpu</c>), registered once per process through the plugin execution-provider API.
/// Where it is found: <c>MODELSERVING_CUDA_PROVIDER</c>, else beside the app, else in the fetch cache. Thread-safe.
/// </remarks>
internal static class ExecutionProviders
{
    private const string CudaRegistration = "modelserving-cuda";
    private const string CudaLibrary = "libonnxruntime_providers_cuda.so";
    private static readonly Lock s_gate = new();
    private static string? s_cudaError;
    private static bool s_cudaRegistered;

    /// <summary>Appends the CUDA provider to <paramref name="options"/>, or says why it cannot.</summary>
    /// <returns>Null when appended, else the reason (library missing, CUDA libraries missing, no GPU).</returns>
    public static string? TryAppendCuda(SessionOptions options)
    {
        var env = OnnxEnvironment.Instance;
        if (RegisterCuda(env) is { } error)
        {
            return error;
        }

        var devices = env.GetEpDevices().Where(d => d.EpName.Contains("CUDA", StringComparison.OrdinalIgnoreCase)).ToList();
        if (devices.Count == 0)
        {
            return "the CUDA execution provider found no GPU";
        }

        try
        {
            options.AppendExecutionProvider(env, devices, null);
            return null;
        }
        catch (OnnxRuntimeException ex)
        {
            return $"the CUDA execution provider could not be added: {FirstLine(ex.Message)}";
        }
    }

    /// <summary>Finds the CUDA provider library, or null.</summary>
    public static string? FindCudaLibrary()
    {
        if (Environment.GetEnvironmentVariable("MODELSERVING_CUDA_PROVIDER") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, CudaLibrary);
        if (File.Exists(beside))
        {
            return beside;
        }

        var cache = Environment.GetEnvironmentVariable("MODELSERVING_CACHE") is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "modelserving");
        var fetched = Path.Combine(cache, "npm", "com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9", "package", "Plugins", "Linux", "x64", CudaLibrary);
        return File.Exists(fetched) ? fetched : null;
    }

    private static string? RegisterCuda(OrtEnv env)
    {
        lock (s_gate)
        {
            if (s_cudaRegistered || s_cudaError is not null)
            {
                return s_cudaError;
            }

            var library = FindCudaLibrary();
            if (library is null)
            {
                s_cudaError = $"{CudaLibrary} was not found (run scripts/fetch-deps.sh cuda, or set MODELSERVING_CUDA_PROVIDER)";
                return s_cudaError;
            }

            try
            {
                env.RegisterExecutionProviderLibrary(CudaRegistration, library);
                s_cudaRegistered = true;
                return null;
            }
            catch (OnnxRuntimeException ex)
            {
                // Typically "libcublasLt.so.13: cannot open shared object file" on a machine without CUDA 13.
                s_cudaError = $"the CUDA execution provider could not load: {FirstLine(ex.Message)}";
                return s_cudaError;
            }
        }
    }

    /// <summary>The first line of a runtime message with file system paths cut to their file names.</summary>
    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        line = System.Text.RegularExpressions.Regex.Replace(line, @"/[^\s:'""]+", m => Path.GetFileName(m.Value));
        return line.Length > 300 ? line[..300] : line;
    }
}
