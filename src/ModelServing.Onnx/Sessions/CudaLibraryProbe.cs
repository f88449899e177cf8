using System.Runtime.InteropServices;

namespace ModelServing.Onnx.Sessions;

/// <summary>Finds which libraries the CUDA execution provider of the loaded ONNX Runtime needs and this machine lacks.</summary>
/// <remarks>
/// ONNX Runtime's own error says only that the provider library failed to load. This reads the provider's link-time
/// dependencies from its ELF header, adds cuDNN (which the provider opens at run time), and asks the dynamic loader for
/// each, so the log can name what to install. Linux only; elsewhere nothing is reported missing. Thread-safe.
/// </remarks>
internal static class CudaLibraryProbe
{
    /// <summary>The CUDA execution provider library in the GPU packages.</summary>
    public const string ProviderLibrary = "libonnxruntime_providers_cuda.so";

    /// <summary>Libraries the provider opens at run time rather than at link time: cuDNN 9 for ONNX Runtime 1.32.</summary>
    private static readonly string[] s_openedAtRunTime = ["libcudnn.so.9"];

    /// <summary>The libraries that cannot be loaded, in the provider's order; empty when all load or nothing can be told.</summary>
    /// <param name="nativeDirectory">The directory holding <c>libonnxruntime.so</c>; null to find the loaded one.</param>
    public static IReadOnlyList<string> Missing(string? nativeDirectory = null)
    {
        if (!OperatingSystem.IsLinux() || (nativeDirectory ?? LoadedRuntimeDirectory()) is not { } directory)
        {
            return [];
        }

        var provider = Path.Combine(directory, ProviderLibrary);
        if (!File.Exists(provider))
        {
            return [ProviderLibrary];
        }

        var missing = new List<string>();
        foreach (var name in ElfDependencies.Needed(provider).Concat(s_openedAtRunTime).Distinct(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(directory, name)))
            {
                continue;
            }

            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
                continue;
            }

            missing.Add(name);
        }

        return missing;
    }

    /// <summary>Says where each missing library comes from: <c>libcudart.so.13 (CUDA), libcuda.so.1 (NVIDIA driver)</c>.</summary>
    public static string Describe(IReadOnlyList<string> missing) =>
        string.Join(", ", missing.Select(name => name switch
        {
            ProviderLibrary => name + " (not in this ONNX Runtime package)",
            _ when name.StartsWith("libcuda.so", StringComparison.Ordinal) => name + " (NVIDIA driver)",
            _ when name.StartsWith("libcudnn", StringComparison.Ordinal) => name + " (cuDNN)",
            _ when name.StartsWith("libcu", StringComparison.Ordinal) || name.StartsWith("libnv", StringComparison.Ordinal) => name + " (CUDA)",
            _ => name,
        }));

    /// <summary>The directory of the <c>libonnxruntime.so</c> mapped into this process, or null.</summary>
    public static string? LoadedRuntimeDirectory()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0 && line.EndsWith("/libonnxruntime.so", StringComparison.Ordinal))
                {
                    return Path.GetDirectoryName(line[slash..]);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
