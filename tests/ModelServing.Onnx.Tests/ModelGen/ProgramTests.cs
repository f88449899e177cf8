using System.Diagnostics;
using ModelServing.Core.Tensors;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests.ModelGen;

/// <summary>The ModelGen command line, run as a process the way scripts and developers run it.</summary>
public sealed class ProgramTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public ProgramTests(ModelDirectory models)
    {
        _models = models;
    }

    [Fact]
    public async Task Main_Loans_WritesLoadableModelCreatingDirectories()
    {
        var path = Path.Combine(_models.Root, "cli", "loans", "7", "model.onnx");

        var (exitCode, _) = await RunAsync("loans", path);

        Assert.Equal(0, exitCode);
        using var runner = await _models.Factory.LoadAsync(ModelDirectory.Request(path), CancellationToken.None);
        Assert.Equal(3, runner.Signature.Inputs.Count);
    }

    [Fact]
    public async Task Main_AddConstantWithAddend_WritesThatAddend()
    {
        var path = Path.Combine(_models.Root, "cli", "add", "2", "model.onnx");

        var (exitCode, _) = await RunAsync("add-constant", path, "2.5");

        Assert.Equal(0, exitCode);
        using var runner = await _models.Factory.LoadAsync(ModelDirectory.Request(path), CancellationToken.None);
        var outputs = await runner.RunAsync(
            new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([0, 1, 2], 1, 3) },
            null,
            CancellationToken.None);
        Assert.Equal([2.5f, 3.5f, 4.5f], outputs["y"].As<float>());
    }

    [Fact]
    public async Task Main_AddConstantExternal_WritesModelAndDataFileThatLoad()
    {
        var path = Path.Combine(_models.Root, "cli", "external", "1", "model.onnx");

        var (exitCode, _) = await RunAsync("add-constant-external", path, "data/addend.bin", "4");

        Assert.Equal(0, exitCode);
        Assert.Equal(BitConverter.GetBytes(4f), File.ReadAllBytes(Path.Combine(_models.Root, "cli", "external", "1", "data", "addend.bin")));
        using var runner = await _models.Factory.LoadAsync(ModelDirectory.Request(path), CancellationToken.None);
        var outputs = await runner.RunAsync(
            new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([0, 1, 2], 1, 3) },
            null,
            CancellationToken.None);
        Assert.Equal([4f, 5f, 6f], outputs["y"].As<float>());
    }

    [Theory]
    [InlineData]
    [InlineData("loans")]
    [InlineData("add-constant-external", "x.onnx")]
    [InlineData("no-such-model", "x.onnx")]
    [InlineData("add-constant", "x.onnx", "not-a-number")]
    public async Task Main_BadArguments_PrintsUsageAndExitsWithTwo(params string[] args)
    {
        var (exitCode, stderr) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage:", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stderr)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ModelServing.ModelGen.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await stdout;
        await process.WaitForExitAsync();
        return (process.ExitCode, stderr);
    }
}
