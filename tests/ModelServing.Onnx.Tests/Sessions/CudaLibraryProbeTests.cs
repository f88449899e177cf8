using System.Text;
using ModelServing.Onnx.Sessions;

namespace ModelServing.Onnx.Tests.Sessions;

/// <summary>
/// What the CUDA fallback line names, on real ELF files: ONNX Runtime's own library from the NuGet package, and copies of
/// Debian's libspng standing in for the CUDA provider (one of them with a dependency renamed to a library nobody has).
/// </summary>
public sealed class CudaLibraryProbeTests : IDisposable
{
    private const string Spng = "/usr/lib/x86_64-linux-gnu/libspng.so.0";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("modelserving-cuda-probe-");

    public CudaLibraryProbeTests() => _ = OnnxEnvironment.Instance;

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Needed_OnnxRuntimeLibrary_ListsItsLinkDependenciesInOrder()
    {
        var directory = CudaLibraryProbe.LoadedRuntimeDirectory();

        Assert.NotNull(directory);
        var needed = ElfDependencies.Needed(Path.Combine(directory, "libonnxruntime.so"));

        Assert.Equal(
            ["libdl.so.2", "librt.so.1", "libpthread.so.0", "libstdc++.so.6", "libm.so.6", "libgcc_s.so.1", "libc.so.6", "ld-linux-x86-64.so.2"],
            needed);
    }

    [Fact]
    public void Needed_NotElfOrTruncated_IsEmpty()
    {
        var text = Path.Combine(_work.FullName, "text.so");
        File.WriteAllText(text, "not a library");
        var truncated = Path.Combine(_work.FullName, "truncated.so");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Spng)[..200]);

        Assert.Empty(ElfDependencies.Needed(text));
        Assert.Empty(ElfDependencies.Needed(truncated));
        Assert.Empty(ElfDependencies.Needed(Path.Combine(_work.FullName, "absent.so")));
    }

    [Fact]
    public void Missing_ProviderWhoseLinkDependenciesLoad_NamesOnlyCudnn()
    {
        File.Copy(Spng, Path.Combine(_work.FullName, CudaLibraryProbe.ProviderLibrary));

        var missing = CudaLibraryProbe.Missing(_work.FullName);

        Assert.Equal(["libcudnn.so.9"], missing);
    }

    [Fact]
    public void Missing_ProviderWithAnAbsentDependency_NamesIt()
    {
        var bytes = File.ReadAllBytes(Spng);
        var at = bytes.AsSpan().IndexOf("libz.so.1\0"u8);
        Assert.True(at > 0, "libspng should link zlib");
        Encoding.ASCII.GetBytes("libq.so.1").CopyTo(bytes, at);
        File.WriteAllBytes(Path.Combine(_work.FullName, CudaLibraryProbe.ProviderLibrary), bytes);

        var missing = CudaLibraryProbe.Missing(_work.FullName);

        Assert.Equal(["libq.so.1", "libcudnn.so.9"], missing);
    }

    [Fact]
    public void Missing_NoProviderLibrary_NamesTheProvider()
    {
        Assert.Equal([CudaLibraryProbe.ProviderLibrary], CudaLibraryProbe.Missing(_work.FullName));
    }

    [Fact]
    public void Describe_SaysWhereEachLibraryComesFrom()
    {
        var text = CudaLibraryProbe.Describe(["libcublasLt.so.13", "libcuda.so.1", "libcudnn.so.9", CudaLibraryProbe.ProviderLibrary, "libq.so.1"]);

        Assert.Equal(
            "libcublasLt.so.13 (CUDA), libcuda.so.1 (NVIDIA driver), libcudnn.so.9 (cuDNN), "
            + "libonnxruntime_providers_cuda.so (not in this ONNX Runtime package), libq.so.1",
            text);
    }
}
