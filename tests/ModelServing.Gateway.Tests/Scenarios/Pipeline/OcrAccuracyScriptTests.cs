using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Pipeline;

/// <summary>scripts/ocr-accuracy: the generated set (pages and lines with truth, deterministic from the seed) and its scorer.</summary>
public sealed class OcrAccuracyScriptTests(TextRecognitionFixture fixture) : IClassFixture<TextRecognitionFixture>, IDisposable
{
    private static readonly string s_tool = Path.Combine(ExampleModels.RepositoryRoot, "scripts", "ocr-accuracy", "ocr_accuracy.py");

    private readonly string _directory = Directory.CreateTempSubdirectory("ocr-accuracy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Generate_RotatedPages_WritesEachPageWithTwelveTruthLinesInsideThePage()
    {
        var output = Run("generate", "--out", Path.Combine(_directory, "a"), "--count", "3", "--seed", "5", "--rotated");

        Assert.Equal("wrote 3 pages with truth to " + Path.Combine(_directory, "a"), output.Trim());
        var truths = Directory.GetFiles(Path.Combine(_directory, "a"), "page-*.json").Order().ToArray();
        Assert.Equal(3, truths.Length);
        Assert.All(truths, t => Assert.True(new FileInfo(Path.ChangeExtension(t, ".jpg")).Length > 1000));
        foreach (var truth in truths)
        {
            var lines = JsonNode.Parse(File.ReadAllText(truth))!["lines"]!.AsArray();
            Assert.Equal(12, lines.Count);
            Assert.InRange(lines.Count(l => l!["rotated180"]!.GetValue<bool>()), 2, 3);
            Assert.All(lines, l =>
            {
                Assert.Matches("^[A-Za-z0-9.-]+( [A-Za-z0-9.-]+)*$", l!["text"]!.GetValue<string>());
                Assert.InRange(l["size"]!.GetValue<int>(), 18, 48);
                var box = l["box"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
                Assert.True(box[0] >= 0 && box[1] >= 0 && box[0] + box[2] <= 1000 && box[1] + box[3] <= 900, string.Join(',', box));
            });
        }

        // Every line, turned ones too, is drawn inside its truth box: ink there, white between the boxes.
        var page = Path.ChangeExtension(truths[0], ".jpg");
        foreach (var line in JsonNode.Parse(File.ReadAllText(truths[0]))!["lines"]!.AsArray())
        {
            var b = line!["box"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
            Assert.InRange(Mean(page, $"{b[2]}x{b[3]}+{b[0]}+{b[1]}"), 0.5, 0.97);
        }

        Assert.InRange(Mean(page, "1000x900+0+0"), 0.8, 0.99);
    }

    /// <summary>Mean brightness (0 black .. 1 white) of a region of an image, by ImageMagick.</summary>
    private static double Mean(string image, string region)
    {
        var start = new ProcessStartInfo("/usr/bin/convert", [image, "-crop", region, "+repage", "-format", "%[fx:mean]", "info:"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return double.Parse(output, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Generate_SameSeedTwice_WritesTheSameTruth()
    {
        Run("generate", "--out", Path.Combine(_directory, "a"), "--count", "2", "--seed", "9");
        Run("generate", "--out", Path.Combine(_directory, "b"), "--count", "2", "--seed", "9");
        Run("generate", "--out", Path.Combine(_directory, "c"), "--count", "2", "--seed", "10");

        string Truth(string set) => File.ReadAllText(Path.Combine(_directory, set, "page-0002.json"));
        Assert.Equal(Truth("a"), Truth("b"));
        Assert.NotEqual(Truth("a"), Truth("c"));
    }

    [Fact]
    public void Score_LineModeAgainstTextRecognition_CountsEveryTruthCharacter()
    {
        var set = Path.Combine(_directory, "lines");
        Run("generate", "--out", set, "--count", "4", "--seed", "3", "--mode", "line");
        var report = Path.Combine(_directory, "report.json");

        Run("score", fixture.Host.Client.BaseAddress!.ToString(), "--dir", set, "--mode", "line", "--batch", "2", "--json", report);

        var summary = JsonNode.Parse(File.ReadAllText(report))!["summary"]!;
        var characters = Directory.GetFiles(set, "*.json").Sum(f => JsonNode.Parse(File.ReadAllText(f))!["lines"]![0]!["text"]!.GetValue<string>().Length);
        Assert.Equal(4, summary["items"]!.GetValue<int>());
        Assert.Equal(characters, summary["characters"]!.GetValue<int>());
        Assert.Equal("text-recognition", summary["model"]!.GetValue<string>());
        Assert.InRange(summary["character_accuracy"]!.GetValue<double>(), 0.0, 1.0);
    }

    [Fact]
    public async Task Score_PageModeThroughTheClientChain_MatchesEveryTruthLineByPosition()
    {
        // The three example models called one by one from the script (the baseline of the composed ocr model).
        using var repository = new TestRepository().WithExampleImageModels().WithTextRecognition();
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var set = Path.Combine(_directory, "pages");
        Run("generate", "--out", set, "--count", "1", "--seed", "4");
        var report = Path.Combine(_directory, "report.json");

        Run("score", host.Client.BaseAddress!.ToString(), "--dir", set, "--model", "chain", "--json", report);

        var summary = JsonNode.Parse(File.ReadAllText(report))!["summary"]!;
        var truth = JsonNode.Parse(File.ReadAllText(Path.Combine(set, "page-0001.json")))!["lines"]!.AsArray();
        Assert.Equal(12, summary["lines"]!.GetValue<int>());
        Assert.Equal(truth.Sum(l => l!["text"]!.GetValue<string>().Length), summary["characters"]!.GetValue<int>());
        Assert.InRange(summary["character_accuracy"]!.GetValue<double>(), 0.9, 1.0);
    }

    private static string Run(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(s_tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"ocr_accuracy.py {args[0]} failed: {error}");
    }
}
