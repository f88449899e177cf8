using Microsoft.ML.OnnxRuntime;

namespace ModelServing.Onnx.Sessions;

/// <summary>Appends accelerator execution providers to session options, or says why they cannot run here.</summary>
/// <remarks>
/// CUDA comes with the official GPU packages (<c>Microsoft.ML.OnnxRuntime.Gpu</c>, <c>.Gpu.Linux</c>; build with
/// <c>-p:OnnxRuntimeFlavor=Gpu</c>) and is appended through <see cref="SessionOptions.AppendExecutionProvider_CUDA(int)"/>.
/// Whether it can load is decided once per process (libraries do not appear while it runs) and the reason is kept.
/// Thread-safe.
/// </remarks>
internal static class ExecutionProviders
{
    /// <summary>ONNX Runtime's name of the CUDA execution provider.</summary>
    public const string CudaProviderName = "CUDAExecutionProvider";

    private static readonly Lock s_gate = new();
    private static bool s_cudaChecked;
    private static string? s_cudaUnavailable;
    private static readonly HashSet<string> s_reported = new(StringComparer.Ordinal);

    /// <summary>True when this build's ONNX Runtime package carries the CUDA provider (the GPU flavours).</summary>
    public static bool CudaInPackage { get; } = OnnxEnvironment.Instance.GetAvailableProviders().Contains(CudaProviderName);

    /// <summary>The preference a model gets when its config names none: CUDA first in a GPU build, else the CPU alone.</summary>
    public static IReadOnlyList<string> DefaultPreference { get; } = CudaInPackage ? ["cuda", "cpu"] : ["cpu"];

    /// <summary>Appends the CUDA provider (device 0) to <paramref name="options"/>, or says why it cannot.</summary>
    /// <returns>Null when appended, else the reason: not in this package, which libraries are missing, or ONNX Runtime's error.</returns>
    public static string? TryAppendCuda(SessionOptions options)
    {
        if (CudaUnavailableReason() is { } reason)
        {
            return reason;
        }

        try
        {
            options.AppendExecutionProvider_CUDA(0);
            return null;
        }
        catch (OnnxRuntimeException ex)
        {
            return $"the CUDA execution provider could not be added: {OrtErrorMessages.SafeDetail(ex) ?? "ONNX Runtime gave no reason"}";
        }
    }

    /// <summary>Why CUDA cannot run in this process, or null when its provider and libraries are all there.</summary>
    public static string? CudaUnavailableReason()
    {
        lock (s_gate)
        {
            if (!s_cudaChecked)
            {
                s_cudaUnavailable = CheckCuda();
                s_cudaChecked = true;
            }

            return s_cudaUnavailable;
        }
    }

    /// <summary>True the first time a fallback reason is reported in this process, so each reason is logged once.</summary>
    public static bool FirstReport(string reason)
    {
        lock (s_gate)
        {
            return s_reported.Add(reason);
        }
    }

    private static string? CheckCuda()
    {
        if (!CudaInPackage)
        {
            return "this build has the CPU-only ONNX Runtime package (Microsoft.ML.OnnxRuntime); "
                + "build with -p:OnnxRuntimeFlavor=Gpu (or GpuLinux) for CUDA";
        }

        var missing = CudaLibraryProbe.Missing();
        return missing.Count == 0
            ? null
            : $"missing {CudaLibraryProbe.Describe(missing)}; install CUDA 13 and cuDNN 9 or run the GPU image";
    }
}
