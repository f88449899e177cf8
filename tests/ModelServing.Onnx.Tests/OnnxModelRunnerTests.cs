using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.ModelGen;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests;

public sealed class OnnxModelRunnerTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public OnnxModelRunnerTests(ModelDirectory models)
    {
        _models = models;
    }

    [Fact]
    public async Task RunAsync_LoansModel_MatchesLogisticRegressionOfPublicCoefficients()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.Loans);
        float[][] rows = [[2000, 2, 45], [5000, 1, 30], [500, 4, 22], [3000, 0, 60], [0, 0, 0], [10000, 10, 80]];
        var inputs = new Dictionary<string, TensorData>
        {
            ["income"] = TensorData.FromFloats([.. rows.Select(r => r[0])], rows.Length),
            ["credit_cards"] = TensorData.FromFloats([.. rows.Select(r => r[1])], rows.Length),
            ["age"] = TensorData.FromFloats([.. rows.Select(r => r[2])], rows.Length),
        };

        var outputs = await runner.RunAsync(inputs, null, CancellationToken.None);

        Assert.Equal(["approved", "probabilities"], outputs.Keys);
        var approved = outputs["approved"];
        var probabilities = outputs["probabilities"];
        Assert.Equal([rows.Length], approved.Shape);
        Assert.Equal([rows.Length, 2L], probabilities.Shape);
        Assert.Equal([0L, 1L, 0L, 1L, 0L, 1L], approved.As<long>());
        var p = probabilities.As<float>();
        for (var i = 0; i < rows.Length; i++)
        {
            var logit = LoansModel.Intercept + (LoansModel.IncomeWeight * (double)rows[i][0])
                + (LoansModel.CreditCardsWeight * (double)rows[i][1]) + (LoansModel.AgeWeight * (double)rows[i][2]);
            var expected = 1.0 / (1.0 + Math.Exp(-logit));
            Assert.Equal(1.0 - expected, p[(2 * i) + 0], 1e-5);
            Assert.Equal(expected, p[(2 * i) + 1], 1e-5);
            Assert.Equal(expected >= 0.5 ? 1L : 0L, approved.As<long>()[i]);
        }
    }

    [Fact]
    public async Task RunAsync_SelectedOutput_ReturnsOnlyThatOutput()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.Loans);
        var inputs = new Dictionary<string, TensorData>
        {
            ["income"] = TensorData.FromFloats([5000], 1),
            ["credit_cards"] = TensorData.FromFloats([1], 1),
            ["age"] = TensorData.FromFloats([30], 1),
        };

        var outputs = await runner.RunAsync(inputs, ["probabilities", "probabilities"], CancellationToken.None);

        var only = Assert.Single(outputs);
        Assert.Equal("probabilities", only.Key);
        Assert.Equal([1L, 2L], only.Value.Shape);
    }

    [Fact]
    public async Task RunAsync_IdentityAllTypes_RoundTripsEveryValueBitForBit()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.IdentityAllTypes);
        var inputs = IdentityValues.All.ToDictionary(v => $"x_{v.Key}", v => TensorData.Create(v.Value.Type, v.Value.Data, 3, 2));

        var outputs = await runner.RunAsync(inputs, null, CancellationToken.None);

        Assert.Equal(IdentityValues.All.Count, outputs.Count);
        foreach (var (suffix, (type, data)) in IdentityValues.All)
        {
            var output = outputs[$"y_{suffix}"];
            Assert.Equal(type, output.DataType);
            Assert.Equal([3L, 2L], output.Shape);
            Assert.Equal(data.GetType(), output.Data.GetType());
            Assert.Equal(IdentityValues.Bits(data), IdentityValues.Bits(output.Data));
        }
    }

    [Fact]
    public async Task RunAsync_StringEcho_KeepsArbitraryBytesIncludingNulAndInvalidUtf8()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.StringEcho);
        byte[][] text = [[], [0x00], [0x41, 0x00, 0x42], [0xFF, 0xFE, 0x80], [0xC3], "héllo wörld"u8.ToArray(), [.. Enumerable.Range(0, 256).Select(b => (byte)b)]];

        var outputs = await runner.RunAsync(
            new Dictionary<string, TensorData> { ["text"] = TensorData.FromBytes(text, text.Length) },
            null,
            CancellationToken.None);

        foreach (var name in new[] { "text_bytes", "text_copy" })
        {
            Assert.Equal(TensorDataType.String, outputs[name].DataType);
            Assert.Equal([text.Length], outputs[name].Shape);
            Assert.Equal(text, outputs[name].As<byte[]>());
        }
    }

    [Fact]
    public async Task RunAsync_AddConstant_AddsTheAddend()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.AddConstant);

        var outputs = await runner.RunAsync(
            new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 2, 3, 4, 5, 6], 2, 3) },
            null,
            CancellationToken.None);

        Assert.Equal([11f, 12f, 13f, 14f, 15f, 16f], outputs["y"].As<float>());
    }

    [Fact]
    public async Task RunAsync_EmptyBatch_ReturnsEmptyOutput()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.AddConstant);

        var outputs = await runner.RunAsync(
            new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([], 0, 3) },
            null,
            CancellationToken.None);

        Assert.Equal([0L, 3L], outputs["y"].Shape);
        Assert.Empty(outputs["y"].As<float>());
    }

    [Fact]
    public async Task RunAsync_FixedShape_DoublesTheInput()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.FixedShape);

        var outputs = await runner.RunAsync(
            new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, -2, 0.5f, 100], 2, 2) },
            null,
            CancellationToken.None);

        Assert.Equal([2f, -4f, 1f, 200f], outputs["y"].As<float>());
    }

    [Theory]
    [InlineData(ModelDirectory.AddConstant, new long[] { 2, 4 }, "Input 'x' expects shape [-1,3] but got [2,4]")]
    [InlineData(ModelDirectory.AddConstant, new long[] { 6 }, "Input 'x' expects shape [-1,3] but got [6]")]
    [InlineData(ModelDirectory.FixedShape, new long[] { 1, 4 }, "Input 'x' expects shape [2,2] but got [1,4]")]
    public async Task RunAsync_WrongShape_ThrowsInvalidInputNamingInput(string model, long[] shape, string message)
    {
        using var runner = await _models.LoadAsync(model);
        var x = TensorData.FromFloats(new float[TensorData.ElementCountOf(shape)], shape);

        var ex = await Assert.ThrowsAsync<ServingException>(
            async () => await runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = x }, null, CancellationToken.None));

        Assert.Equal(ServingErrorKind.InvalidInput, ex.Kind);
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public async Task RunAsync_WrongType_ThrowsInvalidInputNamingInput()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.AddConstant);
        var x = TensorData.Create(TensorDataType.Double, new double[3], 1, 3);

        var ex = await Assert.ThrowsAsync<ServingException>(
            async () => await runner.RunAsync(new Dictionary<string, TensorData> { ["x"] = x }, null, CancellationToken.None));

        Assert.Equal(ServingErrorKind.InvalidInput, ex.Kind);
        Assert.Equal("Input 'x' expects DT_FLOAT but got DT_DOUBLE", ex.Message);
    }

    [Fact]
    public async Task RunAsync_MissingInput_ThrowsInvalidInputNamingInput()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.Loans);
        var inputs = new Dictionary<string, TensorData>
        {
            ["income"] = TensorData.FromFloats([1], 1),
            ["age"] = TensorData.FromFloats([1], 1),
        };

        var ex = await Assert.ThrowsAsync<ServingException>(async () => await runner.RunAsync(inputs, null, CancellationToken.None));

        Assert.Equal(ServingErrorKind.InvalidInput, ex.Kind);
        Assert.Equal("Missing input 'credit_cards'", ex.Message);
    }

    [Fact]
    public async Task RunAsync_UnknownInput_ThrowsInvalidInputNamingInput()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.AddConstant);
        var inputs = new Dictionary<string, TensorData>
        {
            ["x"] = TensorData.FromFloats([1, 2, 3], 1, 3),
            ["z"] = TensorData.FromFloats([1], 1),
        };

        var ex = await Assert.ThrowsAsync<ServingException>(async () => await runner.RunAsync(inputs, null, CancellationToken.None));

        Assert.Equal(ServingErrorKind.InvalidInput, ex.Kind);
        Assert.StartsWith("Unknown input 'z'; the model's inputs are: ", ex.Message);
    }

    [Fact]
    public async Task RunAsync_UnknownOutput_ThrowsInvalidInputNamingOutput()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.AddConstant);
        var inputs = new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 2, 3], 1, 3) };

        var ex = await Assert.ThrowsAsync<ServingException>(async () => await runner.RunAsync(inputs, ["nope"], CancellationToken.None));

        Assert.Equal(ServingErrorKind.InvalidInput, ex.Kind);
        Assert.Equal("the model has no output 'nope'", ex.Message);
    }

    /// <summary>Cancellation surfaces as <see cref="OperationCanceledException"/>: only the caller knows if it was a deadline.</summary>
    [Fact]
    public async Task RunAsync_CancelledBeforeRun_ThrowsOperationCanceled()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.AddConstant);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await runner.RunAsync(
                new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 2, 3], 1, 3) },
                null,
                cts.Token));

        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task RunAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var runner = await _models.LoadAsync(ModelDirectory.AddConstant);
        runner.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(
            async () => await runner.RunAsync(
                new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 2, 3], 1, 3) },
                null,
                CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_EightConcurrentCallers_EachGetsItsOwnResult()
    {
        using var runner = await _models.LoadAsync(ModelDirectory.AddConstant);

        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var iteration = 0; iteration < 25; iteration++)
            {
                var rows = 1 + ((worker + iteration) % 4);
                var x = Enumerable.Range(0, rows * 3).Select(i => (float)((worker * 1000) + (iteration * 10) + i)).ToArray();
                var outputs = await runner.RunAsync(
                    new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(x, rows, 3) },
                    null,
                    CancellationToken.None);
                Assert.Equal(x.Select(v => v + ModelDirectory.Addend), outputs["y"].As<float>());
                Assert.Equal([rows, 3L], outputs["y"].Shape);
            }
        }));

        await Task.WhenAll(tasks);
    }
}
