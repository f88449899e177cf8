using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.ModelGen;
using ModelServing.ModelGen.Onnx;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests;

public sealed class OnnxRunnerFactoryTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public OnnxRunnerFactoryTests(ModelDirectory models)
    {
        _models = models;
    }

    [Fact]
    public void Properties_Always_DescribeOnnxRuntime()
    {
        var factory = new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance);

        Assert.Equal("onnxruntime", factory.Platform);
        Assert.Equal("model.onnx", factory.ModelFileName);
    }

    [Fact]
    public async Task Dispose_AfterLoadsAndRuns_ReleasesEverySession()
    {
        var factory = new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance);
        var runners = new List<IModelRunner>();
        for (var i = 0; i < 3; i++)
        {
            runners.Add(await factory.LoadAsync(ModelDirectory.Request(_models.ModelPath(ModelDirectory.AddConstant)), CancellationToken.None));
        }

        var whileLoaded = factory.OpenSessions;
        foreach (var runner in runners)
        {
            await runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1f, 2f, 3f], 1, 3) }, null, CancellationToken.None);
            runner.Dispose();
            runner.Dispose();
        }

        Assert.Equal(3, whileLoaded);
        Assert.Equal(0, factory.OpenSessions);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
            await runners[0].RunAsync(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1f, 2f, 3f], 1, 3) }, null, CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_LoansModel_ReadsSignatureWithSymbolicBatch()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.Loans);

        Assert.Equal("cpu", runner.ExecutionProvider);
        Assert.Equal(LoansModel.InputNames, runner.Signature.Inputs.Select(i => i.Name));
        foreach (var input in runner.Signature.Inputs)
        {
            Assert.Equal(TensorDataType.Float, input.DataType);
            Assert.Equal([-1L], input.Shape);
            Assert.Equal(["batch"], input.DimensionNames);
            Assert.True(input.HasBatchDimension);
        }

        var approved = Assert.Single(runner.Signature.Outputs, o => o.Name == "approved");
        Assert.Equal(TensorDataType.Int64, approved.DataType);
        Assert.Equal([-1L], approved.Shape);
        var probabilities = Assert.Single(runner.Signature.Outputs, o => o.Name == "probabilities");
        Assert.Equal(TensorDataType.Float, probabilities.DataType);
        Assert.Equal([-1L, 2L], probabilities.Shape);
        Assert.Equal(["batch", ""], probabilities.DimensionNames);
        Assert.Equal(["approved", "probabilities"], runner.Signature.Outputs.Select(o => o.Name));
    }

    [Fact]
    public async Task LoadAsync_IdentityAllTypes_MapsEveryElementType()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.IdentityAllTypes);

        Assert.Equal(TestModels.IdentityTypes.Count, runner.Signature.Inputs.Count);
        foreach (var (suffix, onnxType) in TestModels.IdentityTypes)
        {
            var expected = IdentityTypes.DataTypeOf(onnxType);
            foreach (var spec in new[] { runner.Signature.FindInput($"x_{suffix}"), runner.Signature.FindOutput($"y_{suffix}") })
            {
                Assert.NotNull(spec);
                Assert.Equal(expected, spec.DataType);
                Assert.Equal([-1L, 2L], spec.Shape);
                Assert.Equal(["batch", ""], spec.DimensionNames);
            }
        }
    }

    [Fact]
    public async Task LoadAsync_StringEcho_HasStringInputAndOutputs()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.StringEcho);

        var text = Assert.Single(runner.Signature.Inputs);
        Assert.Equal("text", text.Name);
        Assert.Equal(TensorDataType.String, text.DataType);
        Assert.Equal([-1L], text.Shape);
        Assert.Equal(["batch"], text.DimensionNames);
        Assert.Equal(["text_bytes", "text_copy"], runner.Signature.Outputs.Select(o => o.Name));
        Assert.All(runner.Signature.Outputs, o => Assert.Equal(TensorDataType.String, o.DataType));
    }

    [Fact]
    public async Task LoadAsync_FixedShape_HasNoBatchDimension()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.FixedShape);

        var x = Assert.Single(runner.Signature.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal([2L, 2L], x.Shape);
        Assert.Equal(["", ""], x.DimensionNames);
        Assert.False(x.HasBatchDimension);
        Assert.Equal([2L, 2L], Assert.Single(runner.Signature.Outputs).Shape);
    }

    [Fact]
    public async Task LoadAsync_AddConstant_HasBatchOfThree()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.AddConstant);

        Assert.Equal([-1L, 3L], Assert.Single(runner.Signature.Inputs).Shape);
        Assert.Equal([-1L, 3L], Assert.Single(runner.Signature.Outputs).Shape);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_ThrowsSafeModelLoadException()
    {
        var path = Path.Combine(_models.Root, "missing", "1", "model.onnx");

        var ex = await Assert.ThrowsAsync<ModelLoadException>(
            () => _models.Factory.LoadAsync(ModelDirectory.Request(path), CancellationToken.None));

        Assert.Equal("Failed to load model: the model file does not exist", ex.Message);
        Assert.DoesNotContain(_models.Root, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_RandomBytes_ThrowsSafeModelLoadException()
    {
        var path = Path.Combine(_models.Root, "corrupt", "1", "model.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[4096];
        new Random(1234).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var ex = await Assert.ThrowsAsync<ModelLoadException>(
            () => _models.Factory.LoadAsync(ModelDirectory.Request(path), CancellationToken.None));

        Assert.Equal("Failed to load model: the file is not a valid ONNX model", ex.Message);
        Assert.DoesNotContain(_models.Root, ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task LoadAsync_UnknownOperator_ThrowsModelLoadExceptionWithoutPath()
    {
        var path = Path.Combine(_models.Root, "unknown_op", "1", "model.onnx");
        var graph = new OnnxGraph(
            "unknown_op",
            [new OnnxNode("NoSuchOperator", ["x"], ["y"])],
            [],
            [OnnxValueInfo.Tensor("x", OnnxDataType.Float, OnnxDimension.Batch)],
            [OnnxValueInfo.Tensor("y", OnnxDataType.Float, OnnxDimension.Batch)]);
        new OnnxModel(graph).Save(path);

        var ex = await Assert.ThrowsAsync<ModelLoadException>(
            () => _models.Factory.LoadAsync(ModelDirectory.Request(path), CancellationToken.None));

        Assert.StartsWith("Failed to load model: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("No Op registered for NoSuchOperator", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_models.Root, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_SequenceOutput_ThrowsNamingOutputAndKind()
    {
        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => _models.LoadAsync(ModelDirectory.SequenceOutput));

        Assert.Equal("Failed to load model: output 'items' is a sequence, which cannot be served", ex.Message);
    }

    /// <summary>Native ONNX Runtime refuses complex64; its C# API refuses float8 and int4: neither says which tensor.</summary>
    [Theory]
    [InlineData(OnnxDataType.Complex64, "complex64")]
    [InlineData(OnnxDataType.Float8E4M3FN, "float8e4m3fn")]
    [InlineData(OnnxDataType.Float8E5M2, "float8e5m2")]
    [InlineData(OnnxDataType.Int4, "int4")]
    public async Task LoadAsync_UnservableElementType_ThrowsNamingInputAndElementType(OnnxDataType type, string typeName)
    {
        var path = Path.Combine(_models.Root, $"unused_{typeName}", "1", "model.onnx");
        TestModels.WriteUnusedInput(path, type);

        var ex = await Assert.ThrowsAsync<ModelLoadException>(
            () => _models.Factory.LoadAsync(ModelDirectory.Request(path), CancellationToken.None));

        Assert.Equal($"Failed to load model: input 'z' has element type {typeName}, which cannot be served", ex.Message);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task LoadAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _models.Factory.LoadAsync(ModelDirectory.Request(_models.ModelPath(ModelDirectory.Loans)), cts.Token));
    }
}
