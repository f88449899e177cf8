using System.Text.Json.Nodes;

namespace ModelServing.Batch.Tests.TestSupport;

/// <summary>Runs <c>modelserving-batch profile</c> as a real process with short trials, and copies example models to scratch repositories.</summary>
internal static class ProfileCli
{
    /// <summary>Short trials so a run fits a test: 0.3 s windows after 0.1 s of warm-up, concurrency up to 4; gateway check points of 1 s after 0.2 s.</summary>
    public static readonly string[] ShortTrials =
        ["--trial-duration", "300ms", "--trial-warmup", "100ms", "--max-concurrency", "4", "--check-duration", "1s", "--check-warmup", "200ms"];

    public static async Task<(int ExitCode, JsonNode? Report, string Error)> RunJsonAsync(params string[] arguments)
    {
        var (code, output, error) = await CliProcess.RunAsync(["profile", "--json", .. ShortTrials, .. arguments]);
        return (code, output.TrimStart().StartsWith('{') ? JsonNode.Parse(output) : null, error);
    }

    /// <summary>Copies <c>models/&lt;model&gt;</c> into <paramref name="repository"/>.</summary>
    public static void CopyModel(string model, string repository)
    {
        var source = Path.Combine(TestPaths.Models, model);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repository, model, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
