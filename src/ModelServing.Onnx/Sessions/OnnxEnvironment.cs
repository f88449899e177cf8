using Microsoft.ML.OnnxRuntime;

namespace ModelServing.Onnx.Sessions;

/// <summary>The one ONNX Runtime environment of the process, with thread pools shared by every session.</summary>
/// <remarks>
/// Sessions that do not ask for their own threads run on the global intra-op pool, sized to the cores, so several loaded
/// models never oversubscribe a small machine. Thread-safe; created on first use.
/// </remarks>
internal static class OnnxEnvironment
{
    private static readonly Lock s_gate = new();
    private static OrtEnv? s_env;

    /// <summary>Threads of the shared intra-op pool.</summary>
    public static int SharedIntraOpThreads { get; } = Environment.ProcessorCount;

    /// <summary>The environment, created with the shared thread pools on first use.</summary>
    public static OrtEnv Instance
    {
        get
        {
            if (Volatile.Read(ref s_env) is { } env)
            {
                return env;
            }

            lock (s_gate)
            {
                if (s_env is not null)
                {
                    return s_env;
                }

                if (OrtEnv.IsCreated)
                {
                    // Someone in the process created it first (a benchmark, a test): use it as it is.
                    s_env = OrtEnv.Instance();
                    return s_env;
                }

                var threading = new OrtThreadingOptions
                {
                    GlobalIntraOpNumThreads = SharedIntraOpThreads,
                    GlobalInterOpNumThreads = 1,
                    // Spinning workers burn the cores Kestrel and the JSON codec need between runs.
                    GlobalSpinControl = false,
                };
                var options = new EnvironmentCreationOptions
                {
                    logId = "modelserving",
                    logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                    threadOptions = threading,
                };
                s_env = OrtEnv.CreateInstanceWithOptions(ref options);
                UsesSharedThreadPools = true;
                return s_env;
            }
        }
    }

    /// <summary>True when the environment has the shared thread pools (sessions may then use them).</summary>
    public static bool UsesSharedThreadPools { get; private set; }
}
