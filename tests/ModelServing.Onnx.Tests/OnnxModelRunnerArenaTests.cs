using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.Onnx.Tests.TestSupport;

namespace ModelServing.Onnx.Tests;

/// <summary>Runs that shrink the CPU arena (ONNX Runtime's run option) answer as runs that do not.</summary>
public sealed class OnnxModelRunnerArenaTests : IClassFixture<ModelDirectory>
{
    private readonly ModelDirectory _models;

    public OnnxModelRunnerArenaTests(ModelDirectory models)
    {
        _models = models;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_ArenaShrunkAfterRuns_AnswersAsWithoutShrinking(bool memoryArena)
    {
        var path = _models.ModelPath(ModelDirectory.Loans);
        var shrinking = ModelDirectory.Request(path, ModelDirectory.Loans) with
        {
            Runtime = new RuntimeConfig { MemoryArena = memoryArena, MemoryArenaShrinkInterval = TimeSpan.FromTicks(1) },
        };
        var keeping = ModelDirectory.Request(path, ModelDirectory.Loans) with { Runtime = new RuntimeConfig { MemoryArenaShrinkInterval = null } };
        using var shrinkingRunner = await _models.Factory.LoadAsync(shrinking, CancellationToken.None);
        using var keepingRunner = await _models.Factory.LoadAsync(keeping, CancellationToken.None);

        // Batches that grow and shrink, so the arena extends and later frees regions.
        foreach (var rows in new[] { 1, 4096, 3, 65536, 2 })
        {
            var inputs = Inputs(rows);
            var shrunk = await shrinkingRunner.RunAsync(inputs, null, CancellationToken.None);
            var kept = await keepingRunner.RunAsync(inputs, null, CancellationToken.None);

            Assert.Equal(kept["approved"].As<long>(), shrunk["approved"].As<long>());
            Assert.Equal(kept["probabilities"].As<float>(), shrunk["probabilities"].As<float>());
        }
    }

    private static Dictionary<string, TensorData> Inputs(int rows)
    {
        var income = new float[rows];
        var cards = new float[rows];
        var age = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            income[i] = 500 + (i % 9000);
            cards[i] = i % 7;
            age[i] = 18 + (i % 60);
        }

        return new Dictionary<string, TensorData>
        {
            ["income"] = TensorData.FromFloats(income, rows),
            ["credit_cards"] = TensorData.FromFloats(cards, rows),
            ["age"] = TensorData.FromFloats(age, rows),
        };
    }
}
