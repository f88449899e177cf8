using Microsoft.Extensions.Logging;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.Onnx.Sessions;
using ModelDirectory = ModelServing.Onnx.Tests.TestSupport.ModelDirectory;

namespace ModelServing.Onnx.Tests.Sessions;

/// <summary>
/// The CUDA path as far as this build (the CPU package Microsoft.ML.OnnxRuntime, no GPU) can take it: a version that prefers
/// CUDA runs on the CPU, the reason is the package, a version that requires CUDA fails with it. The GPU flavour's own
/// fallback (missing CUDA libraries) is proven by scripts/check-gpu-flavour.sh, which the test command runs.
/// </summary>
public sealed class ExecutionProviderTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public ExecutionProviderTests(ModelDirectory models) => _models = models;

    private ModelLoadRequest Request(RuntimeConfig runtime)
    {
        var path = _models.ModelPath(ModelDirectory.AddConstant);
        return new ModelLoadRequest("m", 1, Path.GetDirectoryName(path)!, path, runtime);
    }

    [Fact]
    public void CudaUnavailableReason_CpuPackage_NamesThePackageAndTheFlavourSwitch()
    {
        var reason = ExecutionProviders.CudaUnavailableReason();

        Assert.False(ExecutionProviders.CudaInPackage);
        Assert.Equal(["cpu"], ExecutionProviders.DefaultPreference);
        Assert.NotNull(reason);
        Assert.Contains("CPU-only ONNX Runtime package (Microsoft.ML.OnnxRuntime)", reason, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxRuntimeFlavor=Gpu", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_CudaPreferredWithoutCuda_RunsOnCpuAndSaysSo()
    {
        var logger = new RecordingLogger();
        var factory = new OnnxRunnerFactory(logger);

        using var runner = await factory.LoadAsync(Request(new RuntimeConfig { ExecutionProviders = ["cuda", "cpu"] }), CancellationToken.None);
        var outputs = await runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 2, 3], 1, 3) }, null, CancellationToken.None);

        Assert.Equal("cpu", runner.ExecutionProvider);
        Assert.Equal([11f, 12f, 13f], outputs["y"].As<float>());
        Assert.Single(logger.Messages, m => m == "Model m version 1 prefers CUDA and runs on the CPU");
        Assert.False(ExecutionProviders.FirstReport(ExecutionProviders.CudaUnavailableReason()!), "the reason was reported already");
    }

    [Fact]
    public async Task Load_NoPreference_RunsOnCpuWithoutMentioningCuda()
    {
        var logger = new RecordingLogger();
        var factory = new OnnxRunnerFactory(logger);

        using var runner = await factory.LoadAsync(Request(new RuntimeConfig()), CancellationToken.None);

        Assert.Equal("cpu", runner.ExecutionProvider);
        Assert.DoesNotContain(logger.Messages, m => m.Contains("CUDA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_CudaRequiredWithoutCuda_FailsWithTheReason()
    {
        var factory = new OnnxRunnerFactory(new RecordingLogger());

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() =>
            factory.LoadAsync(Request(new RuntimeConfig { ExecutionProviders = ["cuda"], RequireAccelerator = true }), CancellationToken.None));

        Assert.Equal("CUDA is required by the config but " + ExecutionProviders.CudaUnavailableReason(), ex.Message);
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
