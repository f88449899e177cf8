using System.IO.MemoryMappedFiles;
using ModelServing.Core.IO;
using ModelServing.Core.Runtime;

namespace ModelServing.Onnx.ExternalData;

/// <summary>Keeps the external data files of an ONNX model inside its version directory.</summary>
/// <remarks>
/// ONNX Runtime opens whatever file a tensor's <c>location</c> names, relative to the model file's directory: an absolute
/// path or a <c>..</c> escape would let a model file read any file the server can (<c>/etc/passwd</c> as weights), and
/// ONNX Runtime's reserved location <c>*/_ORT_MEM_ADDR_/*</c> would make it read process memory. Every location must be a
/// relative path to an existing regular file inside the version directory, also after symbolic links are resolved. Errors name the
/// location as the model wrote it when it is relative, never a host path.
/// </remarks>
internal static class ExternalDataCheck
{
    /// <summary>ONNX Runtime's marker for tensor data at an in-memory address rather than in a file.</summary>
    public const string MemoryAddressLocation = "*/_ORT_MEM_ADDR_/*";

    /// <summary>Checks every external data location of the model file.</summary>
    /// <param name="modelPath">Absolute path of <c>model.onnx</c>.</param>
    /// <param name="versionDirectory">Absolute path of the version directory the data must stay in.</param>
    /// <exception cref="ModelLoadException">A location is absolute, reserved, outside the directory, or not an existing file.</exception>
    public static void Verify(string modelPath, string versionDirectory)
    {
        var tensors = ReadExternalTensors(modelPath);
        if (tensors.Count == 0)
        {
            return;
        }

        var modelDirectory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(versionDirectory));
        var resolvedRoot = Path.TrimEndingDirectorySeparator(ResolveLinks(root));
        foreach (var tensor in tensors)
        {
            if (Problem(tensor, modelDirectory, root, resolvedRoot) is { } problem)
            {
                throw new ModelLoadException($"Failed to load model: {problem}");
            }
        }
    }

    private static string? Problem(ExternalTensor tensor, string modelDirectory, string root, string resolvedRoot)
    {
        var location = tensor.Location;
        var what = $"tensor '{tensor.TensorName}'";
        if (string.IsNullOrEmpty(location))
        {
            return $"{what} is marked as external data but names no location";
        }

        if (location.Contains('\0', StringComparison.Ordinal))
        {
            return $"{what} has an invalid external data location";
        }

        if (location == MemoryAddressLocation)
        {
            return $"{what} has the reserved external data location '{MemoryAddressLocation}', which a model file may not use";
        }

        if (Path.IsPathRooted(location))
        {
            return $"{what} has an absolute external data location; locations must be relative to the version directory";
        }

        var full = Path.GetFullPath(Path.Combine(modelDirectory, location));
        if (!IsUnder(full, root))
        {
            return $"external data location '{location}' of {what} is outside the version directory";
        }

        if (!IsUnder(ResolveLinks(full), resolvedRoot))
        {
            return $"external data location '{location}' of {what} is a symbolic link that leads outside the version directory";
        }

        // Only a regular file: ONNX Runtime would block opening a FIFO, and the repository watcher with it.
        if (RegularFiles.Problem(full) is { } fileProblem)
        {
            return fileProblem == RegularFiles.Missing
                ? $"external data file '{location}' of {what} does not exist in the version directory"
                : Directory.Exists(full)
                ? $"external data location '{location}' of {what} is a directory, not a file"
                : $"external data file '{location}' of {what} {fileProblem}";
        }

        return null;
    }

    private static bool IsUnder(string path, string root) =>
        path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link among its existing components followed, like <c>realpath</c>.</summary>
    private static string ResolveLinks(string fullPath) =>
        PathResolution.ResolveLinks(fullPath)
        ?? throw new ModelLoadException("Failed to load model: an external data location has too many levels of symbolic links");

    /// <summary>The model's external tensors, read through a memory map so raw weights are skipped, not copied.</summary>
    /// <returns>None when the file is empty, too large for protobuf, or not a readable model: ONNX Runtime reports those.</returns>
    private static List<ExternalTensor> ReadExternalTensors(string modelPath)
    {
        try
        {
            var length = new FileInfo(modelPath).Length;
            if (length is 0 or > int.MaxValue)
            {
                return [];
            }

            using var file = MemoryMappedFile.CreateFromFile(modelPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return Scan(view, (int)length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return [];
        }
    }

    private static unsafe List<ExternalTensor> Scan(MemoryMappedViewAccessor view, int length)
    {
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            return ExternalDataScanner.Scan(new ReadOnlySpan<byte>(pointer + view.PointerOffset, length));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
