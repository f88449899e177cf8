using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.Onnx.Tests.TestSupport;
using ModelDirectory = ModelServing.Onnx.Tests.TestSupport.ModelDirectory;

namespace ModelServing.Onnx.Tests.Sessions;

/// <summary>
/// The CUDA path as far as this machine (no GPU, no CUDA 13 libraries) can take it: the real provider plugin from the npm
/// package is registered, fails to load its CUDA dependencies, and the version falls back to the CPU or fails as configured.
/// </summary>
public sealed class ExecutionProviderTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public ExecutionProviderTests(ModelDirectory models)
    {
        _models = models;
        FetchCudaProvider();
    }

    private static void FetchCudaProvider()
    {
        var script = Path.Combine(ExampleModels.RepositoryRoot(), "scripts", "fetch-deps.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "cuda"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private ModelLoadRequest Request(RuntimeConfig runtime)
    {
        var path = _models.ModelPath(ModelDirectory.AddConstant);
        return new ModelLoadRequest("m", 1, Path.GetDirectoryName(path)!, path, ModelConfig.Default with { Runtime = runtime });
    }

    [Fact]
    public async Task Load_CudaPreferredWithoutGpu_FallsBackToCpuAndSaysWhy()
    {
        var logger = new RecordingLogger();
        var factory = new OnnxRunnerFactory(logger);

        using var runner = await factory.LoadAsync(Request(new RuntimeConfig { ExecutionProviders = ["cuda", "cpu"] }), CancellationToken.None);
        var outputs = await runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 2, 3], 1, 3) }, null, CancellationToken.None);

        Assert.Equal("cpu", runner.ExecutionProvider);
        Assert.Equal([11f, 12f, 13f], outputs["y"].As<float>());
        var warning = Assert.Single(logger.Messages, m => m.Contains("asked for CUDA but runs on the CPU", StringComparison.Ordinal));
        Assert.Contains("CUDA execution provider could not load", warning, StringComparison.Ordinal);
        Assert.Contains(".so", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("/root/", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_CudaRequiredWithoutGpu_FailsWithTheReason()
    {
        var factory = new OnnxRunnerFactory(new RecordingLogger());

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() =>
            factory.LoadAsync(Request(new RuntimeConfig { ExecutionProviders = ["cuda"], RequireAccelerator = true }), CancellationToken.None));

        Assert.StartsWith("CUDA is required by the config but the CUDA execution provider could not load", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none", "sequential", null)]
    [InlineData("basic", "parallel", 2)]
    [InlineData("extended", "sequential", 1)]
    public async Task Load_SessionSettings_RunCorrectly(string level, string mode, int? threads)
    {
        var factory = new OnnxRunnerFactory(new RecordingLogger());
        var runtime = new RuntimeConfig { GraphOptimizationLevel = level, ExecutionMode = mode, IntraOpThreads = threads, MemoryArena = threads is null, MemoryPattern = false };

        using var runner = await factory.LoadAsync(Request(runtime), CancellationToken.None);
        var outputs = await runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([0, 0, 1], 1, 3) }, null, CancellationToken.None);

        Assert.Equal("cpu", runner.ExecutionProvider);
        Assert.Equal([10f, 10f, 11f], outputs["y"].As<float>());
    }

    private sealed class RecordingLogger : ILogger<OnnxRunnerFactory>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}
