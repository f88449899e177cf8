using System.Text;
using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

public class PredictResponseWriterTests
{
    [Fact]
    public void Write_RowSingleOutput_WritesOneValuePerItemWithShortestFloats()
    {
        // Arrange
        var scores = TensorData.FromFloats([0.1f, 0.2f, 0.7f, 1f, 1e-8f, float.MaxValue], 2, 3);

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Row, ("scores", scores));

        // Assert
        Assert.Equal(JsonTestData.Minified("response_row_single.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_RowSeveralOutputs_WritesOneObjectPerItemInOutputOrder()
    {
        // Arrange
        (string, TensorData)[] outputs =
        [
            ("label", TensorData.FromBytes(["cat"u8.ToArray(), "dög"u8.ToArray()], 2)),
            ("scores", TensorData.FromFloats([0.25f, 0.75f, 0.5f, 0.5f], 2, 2)),
            ("thumb_bytes", TensorData.FromBytes([[0xFF, 0xD8], [0x00]], 2)),
            ("count", TensorData.Create(TensorDataType.Int64, new long[] { 9007199254740993, -1 }, 2)),
            ("flag", TensorData.Create(TensorDataType.Bool, new[] { true, false }, 2, 1)),
        ];

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Row, outputs);

        // Assert
        Assert.Equal(JsonTestData.Minified("response_row_multi.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_BytesOutput_WritesBase64Objects()
    {
        // Arrange
        var image = TensorData.FromBytes(["hello"u8.ToArray(), []], 2);

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Row, ("image_bytes", image));

        // Assert
        Assert.Equal(JsonTestData.Minified("response_row_bytes.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_ColumnarSingleOutput_WritesTheTensorItself()
    {
        // Arrange
        var y = TensorData.Create(TensorDataType.Int32, new[] { 1, 2, 3, 4 }, 2, 2);

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Columnar, ("y", y));

        // Assert
        Assert.Equal(JsonTestData.Minified("response_columnar_single.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_ColumnarSeveralOutputs_WritesAnObjectOfWholeTensors()
    {
        // Arrange
        (string, TensorData)[] outputs =
        [
            ("a", TensorData.Create(TensorDataType.Double, new[] { 2.5 })),
            ("b", TensorData.Create(TensorDataType.UInt64, new[] { 0ul, ulong.MaxValue }, 2)),
            ("thumb_bytes", TensorData.FromBytes([[1, 2, 3]], 1)),
        ];

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Columnar, outputs);

        // Assert
        Assert.Equal(JsonTestData.Minified("response_columnar_multi.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_NonFiniteValues_WritesBareLiterals()
    {
        // Arrange
        (string, TensorData)[] outputs =
        [
            ("x", TensorData.FromFloats([float.NaN, float.PositiveInfinity, float.NegativeInfinity], 1, 3)),
            ("d", TensorData.Create(TensorDataType.Double, new[] { double.NaN }, 1)),
        ];

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Row, outputs);

        // Assert
        Assert.Equal(JsonTestData.Minified("response_nonfinite.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_EveryDataType_RoundTripsTheGoldenRequest()
    {
        // Arrange
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_all_dtypes.json"), PredictRequestReaderTests.AllTypesSignature());
        var outputs = request.Inputs.Select(input => (input.Key, input.Value)).ToArray();

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Columnar, outputs);

        // Assert
        Assert.Equal(JsonTestData.Minified("response_all_dtypes.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void WritePredictions_SingleOutput_WritesOnlyTheArray()
    {
        // Arrange
        var probabilities = TensorData.FromFloats([0.9f, 0.1f, 0.3f, 0.7f], 2, 2);

        // Act
        var json = JsonTestData.WritePredictions(("probabilities", probabilities));

        // Assert
        Assert.Equal(JsonTestData.Minified("predictions_vertex.json"), Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_ZeroBatch_WritesAnEmptyPredictionsList()
    {
        // Arrange
        var empty = TensorData.FromFloats([], 0, 4);

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Row, ("a", empty), ("b", TensorData.FromBytes([], 0)));

        // Assert
        Assert.Equal("""{"predictions":[]}""", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_NonUtf8StringOutput_WritesTheBytesRawAsTensorFlowServingDoes()
    {
        // Arrange
        var text = TensorData.FromBytes([[0x61, 0xFF, 0x22, 0x0A, 0x01]], 1);

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Columnar, ("text", text));

        // Assert
        byte[] expected = [.. """{"outputs":["a"""u8, 0xFF, .. "\\\"\\n\\u0001\"]}"u8];
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Write_FloatsAndDoubles_UseShortestRoundTripText()
    {
        // Arrange
        var floats = TensorData.FromFloats([0.1f, 1e7f, -0f, 1.5e-45f, 123456.79f], 5);
        var doubles = TensorData.Create(TensorDataType.Double, new[] { 0.1, 1e21, 2.0 / 3 }, 3);

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Columnar, ("f", floats), ("d", doubles));

        // Assert
        Assert.Equal(
            """{"outputs":{"f":[0.1,10000000.0,-0.0,1E-45,123456.79],"d":[0.1,1E+21,0.6666666666666666]}}""",
            Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Write_Row_ProducesJsonThatReadsBackToTheSameValues()
    {
        // Arrange
        var scores = TensorData.FromFloats([0.1f, 1f / 3, float.Epsilon, -7.25f], 2, 2);

        // Act
        var json = JsonTestData.WriteResponse(PredictRequestFormat.Row, ("scores", scores));

        // Assert
        using var document = JsonDocument.Parse(json);
        var values = document.RootElement.GetProperty("predictions").EnumerateArray()
            .SelectMany(row => row.EnumerateArray()).Select(value => value.GetSingle());
        Assert.Equal(scores.As<float>(), values);
    }

    [Fact]
    public void Write_NoOutputs_SaysTheTensorMapIsEmpty()
    {
        // Act
        var exception = Assert.Throws<ServingException>(() => JsonTestData.WriteResponse(PredictRequestFormat.Columnar));

        // Assert
        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal("Cannot convert empty tensor map to JSON", exception.Message);
    }

    [Fact]
    public void Write_RowScalarOutput_SaysItHasNoShapeInformation()
    {
        // Arrange
        var scalar = TensorData.FromFloats([1f]);

        // Act
        var exception = Assert.Throws<ServingException>(() => JsonTestData.WriteResponse(PredictRequestFormat.Row, ("s", scalar)));

        // Assert
        Assert.Equal("Tensor name: s has no shape information", exception.Message);
    }

    [Fact]
    public void WritePredictions_InconsistentBatchSizes_NamesTheOutputAndBothSizes()
    {
        // Arrange
        var a = TensorData.FromFloats([1f, 2f], 2);
        var b = TensorData.FromFloats([1f, 2f, 3f], 3);

        // Act
        var exception = Assert.Throws<ServingException>(() => JsonTestData.WritePredictions(("a", a), ("b", b)));

        // Assert
        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal("Tensor name: b has inconsistent batch size: 3 expecting: 2", exception.Message);
    }

    [Fact]
    public void Write_RowError_WritesNothing()
    {
        // Arrange
        var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);
        KeyValuePair<string, TensorData>[] outputs = [new("a", TensorData.FromFloats([1f], 1)), new("b", TensorData.FromFloats([1f]))];

        // Act
        Assert.Throws<ServingException>(() => PredictResponseWriter.Write(writer, PredictRequestFormat.Row, outputs));
        writer.Flush();

        // Assert
        Assert.Equal(0, buffer.Length);
    }
}
