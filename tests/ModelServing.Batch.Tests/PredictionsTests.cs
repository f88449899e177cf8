using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelServing.Batch.Engine;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Batch.Tests;

/// <summary>Each instance's prediction, written alone from the output tensors, is its entry of the predictions array.</summary>
[Collection(ServingCollection.Name)]
public sealed class PredictionsTests(ServingFixture serving)
{
    [Fact]
    public async Task Write_LoansOutputs_AreTheEntriesOfThePredictionsArray()
    {
        var inputs = new Dictionary<string, TensorData>
        {
            ["income"] = TensorData.FromFloats([2000, 8000, 3.5f], 3),
            ["credit_cards"] = TensorData.FromFloats([2, 0, 1], 3),
            ["age"] = TensorData.FromFloats([45, 30, 1e-20f], 3),
        };

        var result = await InferAsync(serving.Loans, "loans", inputs);

        AssertEntries(result, 3);
    }

    [Fact]
    public async Task Write_TextOrientationLabels_AreTheEntriesOfThePredictionsArray()
    {
        byte[][] images = [File.ReadAllBytes(TestPaths.Sample("text-line.jpg")), File.ReadAllBytes(TestPaths.Sample("text-line-180.jpg"))];
        var inputs = new Dictionary<string, TensorData> { ["image"] = TensorData.FromBytes(images, 2) };

        var result = await InferAsync(serving.TextOrientation, "text-orientation", inputs);

        AssertEntries(result, 2);
    }

    [Fact]
    public void Write_StringsBytesAndNonFiniteFloats_AreTheEntriesOfThePredictionsArray()
    {
        var result = new InferenceResult("m", 1, [
            new("label", TensorData.FromBytes(["é\"\n"u8.ToArray(), [0xff, 0x41]], 2)),
            new("raw_bytes", TensorData.FromBytes([[1, 2, 3], []], 2)),
            new("scores", TensorData.FromFloats([float.NaN, 1, float.NegativeInfinity, 2.5f, 0, -0f], 2, 3)),
        ]);

        AssertEntries(result, 2);
    }

    [Theory]
    [InlineData(2, 3, "The model answered 2 predictions for 3 instances")]
    [InlineData(6, 3, "The model answered 4 predictions for 3 instances")]
    public void Write_AnotherNumberOfPredictions_FailsAsARuntimeFailure(int rows, int expected, string message)
    {
        var result = new InferenceResult("m", 1, [new("y", TensorData.FromFloats(new float[rows], rows))]);

        var error = Assert.Throws<ServingException>(() => Predictions.Write(result, expected));

        Assert.Equal((ServingErrorKind.RuntimeFailure, message), (error.Kind, error.Message));
    }

    [Fact]
    public void Write_AnOutputWithoutBatchDimension_FailsAsTheResponseWriterDoes()
    {
        var result = new InferenceResult("m", 1, [new("y", TensorData.FromFloats([1], 1)), new("z", TensorData.FromFloats([1], []))]);

        var error = Assert.Throws<ServingException>(() => Predictions.Write(result, 1));

        Assert.Equal((ServingErrorKind.InvalidInput, "Tensor name: z has no shape information"), (error.Kind, error.Message));
    }

    private static async Task<InferenceResult> InferAsync(ModelServing.BatchCli.BatchServingHost host, string model, Dictionary<string, TensorData> inputs)
    {
        using var lease = host.Inference.Acquire(model, VersionSelector.Latest);
        return await host.Inference.InferAsync(lease, inputs, null, CancellationToken.None);
    }

    private static void AssertEntries(InferenceResult result, int count)
    {
        var array = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(array, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            PredictResponseWriter.WritePredictions(writer, result.Outputs);
        }

        var predictions = Predictions.Write(result, count);

        var joined = "[" + string.Join(',', Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetString(predictions[i]))) + "]";
        Assert.Equal(Encoding.UTF8.GetString(array.WrittenSpan), joined);
    }
}
