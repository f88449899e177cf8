using ModelServing.Core.Tensors;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests;

/// <summary>Real models exported by PaddleOCR, as users will bring them.</summary>
public sealed class PaddleOcrModelTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public PaddleOcrModelTests(ModelDirectory models)
    {
        _models = models;
    }

    [Fact]
    public async Task LoadAsync_OrientationClassifier_ReadsExportedSignature()
    {
        using var runner = await _models.Factory.LoadAsync(ModelDirectory.Request(ExampleModels.OrientationClassifier), CancellationToken.None);

        var x = Assert.Single(runner.Signature.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(TensorDataType.Float, x.DataType);
        Assert.Equal([-1L, 3L, -1L, -1L], x.Shape);
        var output = Assert.Single(runner.Signature.Outputs);
        Assert.Equal(TensorDataType.Float, output.DataType);
        Assert.Equal([-1L, 2L], output.Shape);
    }

    [Fact]
    public async Task RunAsync_OrientationClassifierOnZeros_ReturnsTwoProbabilitiesSummingToOne()
    {
        using var runner = await _models.Factory.LoadAsync(ModelDirectory.Request(ExampleModels.OrientationClassifier), CancellationToken.None);
        var x = TensorData.FromFloats(new float[3 * 48 * 192], 1, 3, 48, 192);

        var outputs = await runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = x }, null, CancellationToken.None);

        var probabilities = Assert.Single(outputs).Value;
        Assert.Equal([1L, 2L], probabilities.Shape);
        var p = probabilities.As<float>();
        Assert.All(p, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1.0, p[0] + p[1], 1e-5);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringLongRun_ThrowsOperationCanceled()
    {
        using var runner = await _models.Factory.LoadAsync(ModelDirectory.Request(ExampleModels.TextDetector), CancellationToken.None);
        var x = TensorData.FromFloats(new float[2 * 3 * 960 * 960], 2, 3, 960, 960);
        using var cts = new CancellationTokenSource();

        // The run blocks its own thread; cancelling from this thread (not a timer on a busy thread pool) sets the terminate
        // flag while the detector is still working through its graph.
        var run = Task.Factory.StartNew(
            () => runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = x }, null, cts.Token).AsTask(),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
        Thread.Sleep(100);
        cts.Cancel();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }
}
