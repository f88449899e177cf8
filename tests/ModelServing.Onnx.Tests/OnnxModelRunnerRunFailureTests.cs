using Microsoft.Extensions.Logging;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.ModelGen.Onnx;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests;

/// <summary>Runs ONNX Runtime refuses because of the caller's values: invalid input, worded without the graph's names.</summary>
public sealed class OnnxModelRunnerRunFailureTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public OnnxModelRunnerRunFailureTests(ModelDirectory models)
    {
        _models = models;
    }

    [Fact]
    public async Task RunAsync_GatherIndexOutOfRange_InvalidInputNamingTheModelAndReasonWithoutGraphNames()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.Lookup);
        var inputs = new Dictionary<string, TensorData> { ["index"] = TensorData.Create(TensorDataType.Int64, new long[] { 1, 9 }, 2) };

        var error = await Assert.ThrowsAsync<ServingException>(() => runner.RunAsync(inputs, null, CancellationToken.None).AsTask());

        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith("Model lookup version 1 cannot run on the given input values: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("9", error.Message, StringComparison.Ordinal);
        AssertNoGraphNames(error.Message, "Gather");
    }

    /// <summary>
    /// What the image stage made of zero images (no rows, no width), and a detector input whose sides are not multiples of
    /// 32: PaddleOCR's graphs refuse both inside a node (a Conv, an Add that cannot broadcast).
    /// </summary>
    [Theory]
    [InlineData("text-orientation", 0, 48, 0, "Invalid input shape: {48,0}")]
    [InlineData("text-detection", 1, 33, 32, "Attempting to broadcast an axis by a dimension other than 1. 3 by 4")]
    public async Task RunAsync_PaddleOcrModelOnShapesItsGraphRefuses_InvalidInputWithTheReasonWithoutGraphNames(
        string model, int images, int height, int width, string reason)
    {
        var path = model == "text-orientation" ? ExampleModels.OrientationClassifier : ExampleModels.TextDetector;
        using var runner = await _models.Factory.LoadAsync(ModelDirectory.Request(path, model), CancellationToken.None);
        var inputs = new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(new float[images * 3 * height * width], images, 3, height, width) };

        var error = await Assert.ThrowsAsync<ServingException>(() => runner.RunAsync(inputs, null, CancellationToken.None).AsTask());

        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        Assert.Equal($"Model {model} version 1 cannot run on the given input values: {reason}", error.Message);
        AssertNoGraphNames(error.Message, "Conv");
    }

    [Fact]
    public async Task RunAsync_ReshapeThatDoesNotFitTheInput_InvalidInputWithTheReasonWithoutPathsOrGraphNames()
    {
        // Reshape to [3] accepts any batch at load time and fails at run time for any other element count.
        var path = Path.Combine(_models.Root, "reshape", "1", "model.onnx");
        var graph = new OnnxGraph(
            "reshape",
            [new OnnxNode("Reshape", ["x", "target"], ["y"])],
            [OnnxTensor.Int64s("target", [1], 3)],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch)],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, 3)]);
        new OnnxModel(graph).Save(path);
        using var runner = await _models.Factory.LoadAsync(ModelDirectory.Request(path), CancellationToken.None);
        var inputs = new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 2], 2) };

        var error = await Assert.ThrowsAsync<ServingException>(() => runner.RunAsync(inputs, null, CancellationToken.None).AsTask());

        Assert.Equal(ServingErrorKind.InvalidInput, error.Kind);
        Assert.Equal(
            "Model m version 1 cannot run on the given input values: The input tensor cannot be reshaped to the requested shape. Input shape:{2}, requested shape:{3}",
            error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task RunAsync_ValuesRefused_LogsTheRuntimesTextAtDebugWithoutAStackTrace()
    {
        var logger = new RecordingLogger();
        var factory = new OnnxRunnerFactory(logger);
        using var runner = await factory.LoadAsync(ModelDirectory.Request(_models.ModelPath(ModelDirectory.Lookup), "lookup"), CancellationToken.None);
        var inputs = new Dictionary<string, TensorData> { ["index"] = TensorData.Create(TensorDataType.Int64, new long[] { 9 }, 1) };
        logger.Entries.Clear();

        await Assert.ThrowsAsync<ServingException>(() => runner.RunAsync(inputs, null, CancellationToken.None).AsTask());

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Contains("indices element out of data bounds", entry.Message, StringComparison.Ordinal);
    }

    /// <summary>No operator or node name, no ONNX Runtime wrapper text, no quoted name, no path.</summary>
    private static void AssertNoGraphNames(string message, string opType)
    {
        Assert.DoesNotContain(opType, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Non-zero status", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Name:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("node", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("/", message, StringComparison.Ordinal);
        Assert.DoesNotContain("ErrorCode", message, StringComparison.Ordinal);
    }

    private sealed class RecordingLogger : ILogger<OnnxRunnerFactory>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception), exception));
            }
        }
    }
}
