using System.Text;
using System.Text.Json;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

public class PredictRequestReaderTests
{
    [Fact]
    public void Read_RowSingleInput_BatchesInstancesAlongDimensionZero()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, -1, 3));

        // Act
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_row_single.json"), signature);

        // Assert
        Assert.Equal("serving_default", request.SignatureName);
        Assert.Equal(PredictRequestFormat.Row, request.Format);
        Assert.Null(request.Parameters);
        var x = Assert.Single(request.Inputs).Value;
        Assert.Equal([2L, 3L], x.Shape);
        Assert.Equal([1f, 2.5f, -3f, 0.1f, 0.001f, 16777215f], x.As<float>());
    }

    [Fact]
    public void Read_RowMultipleInputs_ReadsNamedObjectsInAnyKeyOrder()
    {
        // Arrange
        var signature = JsonTestData.Inputs(
            new TensorSpec("income", TensorDataType.Float, -1),
            new TensorSpec("credit_cards", TensorDataType.Int64, -1),
            new TensorSpec("history", TensorDataType.Int32, -1, 3),
            new TensorSpec("name", TensorDataType.String, -1));

        // Act
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_row_multi.json"), signature);

        // Assert
        Assert.Null(request.SignatureName);
        Assert.Equal(["income", "credit_cards", "history", "name"], request.Inputs.Keys);
        Assert.Equal([2000.5f, 0f], request.Inputs["income"].As<float>());
        Assert.Equal([2L, 0L], request.Inputs["credit_cards"].As<long>());
        Assert.Equal([2L, 3L], request.Inputs["history"].Shape);
        Assert.Equal([1, 0, 1, 0, 0, 0], request.Inputs["history"].As<int>());
        Assert.Equal(["ada", "bob"], request.Inputs["name"].As<byte[]>().Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Read_ColumnarSingleInput_TakesTheValueAsTheWholeTensor()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Int32, -1, 2, 2));

        // Act
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_columnar_single.json"), signature);

        // Assert
        Assert.Equal(PredictRequestFormat.Columnar, request.Format);
        var x = request.Inputs["x"];
        Assert.Equal([1L, 2L, 2L], x.Shape);
        Assert.Equal([1, 2, 3, 4], x.As<int>());
    }

    [Fact]
    public void Read_ColumnarMultipleInputs_AllowsDifferentLeadingDimensionsAndScalars()
    {
        // Arrange
        var signature = JsonTestData.Inputs(
            new TensorSpec("tokens", TensorDataType.Int64, -1, -1),
            new TensorSpec("mask", TensorDataType.Bool, -1, -1),
            new TensorSpec("scale", TensorDataType.Float),
            new TensorSpec("image_bytes", TensorDataType.String, -1));

        // Act
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_columnar_multi.json"), signature);

        // Assert
        Assert.Equal([2L, 3L], request.Inputs["tokens"].Shape);
        Assert.Equal([101L, 2023L, 102L, 101L, 0L, 102L], request.Inputs["tokens"].As<long>());
        Assert.Equal([true, true, true, true, false, true], request.Inputs["mask"].As<bool>());
        Assert.Empty(request.Inputs["scale"].Shape);
        Assert.Equal([0.5f], request.Inputs["scale"].As<float>());
        Assert.Equal([1L], request.Inputs["image_bytes"].Shape);
        Assert.Equal(Convert.FromBase64String("/9j/4AAQ"), request.Inputs["image_bytes"].As<byte[]>()[0]);
    }

    [Fact]
    public void Read_StringInput_DecodesBase64ObjectsAndUnescapesPlainStrings()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("s", TensorDataType.String, -1));

        // Act
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_b64.json"), signature);

        // Assert
        var s = request.Inputs["s"].As<byte[]>();
        Assert.Equal(5, s.Length);
        Assert.Equal("hello"u8.ToArray(), s[0]);
        Assert.Equal("world"u8.ToArray(), s[1]);
        Assert.Equal("plain"u8.ToArray(), s[2]);
        Assert.Equal("café \"q\" /"u8.ToArray(), s[3]);
        Assert.Equal(new byte[] { 0x00, 0xFF }, s[4]);
    }

    [Fact]
    public void Read_NonFiniteLiterals_BecomeNaNAndInfinitiesButStringsStayText()
    {
        // Arrange
        var signature = JsonTestData.Inputs(
            new TensorSpec("x", TensorDataType.Float, -1, 2),
            new TensorSpec("d", TensorDataType.Double, -1),
            new TensorSpec("label", TensorDataType.String, -1));

        // Act
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_nonfinite.json"), signature);

        // Assert
        Assert.Equal([float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f], request.Inputs["x"].As<float>());
        Assert.Equal([double.NegativeInfinity, double.NaN], request.Inputs["d"].As<double>());
        Assert.Equal(["NaN", "Infinity"], request.Inputs["label"].As<byte[]>().Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Read_EveryDataType_ParsesIntoTheTypedArray()
    {
        // Arrange
        var signature = AllTypesSignature();

        // Act
        var inputs = PredictRequestReader.Read(JsonTestData.Bytes("request_all_dtypes.json"), signature).Inputs;

        // Assert
        Assert.Equal([0.1f, -2.5f, 3f], inputs["f32"].As<float>());
        Assert.Equal([0.1, 1e300, -7], inputs["f64"].As<double>());
        Assert.Equal([(Half)0.1f, (Half)65504f, (Half)(-2f)], inputs["f16"].As<Half>());
        Assert.Equal(new ushort[] { 0x3DCD, 0x7F62, 0xC000 }, inputs["bf16"].As<ushort>());
        Assert.Equal(new sbyte[] { -128, 0, 127 }, inputs["i8"].As<sbyte>());
        Assert.Equal(new short[] { -32768, 0, 32767 }, inputs["i16"].As<short>());
        Assert.Equal([int.MinValue, 0, int.MaxValue], inputs["i32"].As<int>());
        Assert.Equal([long.MinValue, 0, long.MaxValue], inputs["i64"].As<long>());
        Assert.Equal(new byte[] { 0, 128, 255 }, inputs["u8"].As<byte>());
        Assert.Equal(new ushort[] { 0, 1, 65535 }, inputs["u16"].As<ushort>());
        Assert.Equal([0u, 1u, uint.MaxValue], inputs["u32"].As<uint>());
        Assert.Equal([0ul, 1ul, ulong.MaxValue], inputs["u64"].As<ulong>());
        Assert.Equal([true, false, true], inputs["flag"].As<bool>());
        Assert.Equal(new[] { "a"u8.ToArray(), "é"u8.ToArray(), new byte[] { 0, 1 } }, inputs["text"].As<byte[]>());
        Assert.All(inputs.Values, tensor => Assert.Equal([3L], tensor.Shape));
    }

    [Fact]
    public void Read_Parameters_ReturnsThemWithNonFiniteLiteralsAsStrings()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Int32, -1, 3));

        // Act
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_parameters.json"), signature);

        // Assert
        var parameters = Assert.NotNull(request.Parameters);
        Assert.Equal(0.2, parameters.GetProperty("temperature").GetDouble());
        Assert.Equal("-Infinity", parameters.GetProperty("floor").GetString());
        Assert.Equal("NaN", parameters.GetProperty("labels")[1].GetString());
        Assert.Equal([1, 2, 3], request.Inputs["x"].As<int>());
    }

    [Fact]
    public void Read_ParametersNotAllowed_IgnoresThemLikeAnyUnknownKey()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Int32, -1, 3));
        var options = new PredictRequestReaderOptions { AllowParameters = false };

        // Act
        var request = PredictRequestReader.Read(JsonTestData.Bytes("request_parameters.json"), signature, options);

        // Assert
        Assert.Null(request.Parameters);
    }

    [Fact]
    public void Read_ParametersWithoutLiterals_AreADetachedElement()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Int32, -1));

        // Act
        var request = JsonTestData.Read("""{"parameters": {"k": [1, {"a": null}]}, "instances": [1]}""", signature);

        // Assert
        Assert.Equal("""{"k": [1, {"a": null}]}""", request.Parameters!.Value.GetRawText());
        Assert.Equal(JsonValueKind.Null, request.Parameters.Value.GetProperty("k")[1].GetProperty("a").ValueKind);
    }

    [Fact]
    public void Read_PlaceholderZeroes_AreTellApartFromRealZeroes()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Double, -1));

        // Act
        var request = JsonTestData.Read("{\"instances\":[0,NaN,0 ,-0,\n-Infinity,0]}", signature);

        // Assert
        Assert.Equal([0, double.NaN, 0, 0, double.NegativeInfinity, 0], request.Inputs["x"].As<double>());
    }

    [Fact]
    public void Read_LiteralLookalikesInsideStrings_AreLeftAlone()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("s", TensorDataType.String, -1));

        // Act
        var request = JsonTestData.Read("""{"instances": ["NaN", "a\"NaN", "\\", "Infinity\\\"", " -Inf"], "k": NaN}""", signature);

        // Assert
        Assert.Equal(["NaN", "a\"NaN", "\\", "Infinity\\\"", " -Inf"], request.Inputs["s"].As<byte[]>().Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void Read_DuplicateTopLevelKeys_UsesTheFirstAsTensorFlowServingDoes()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Int32, -1));

        // Act
        var request = JsonTestData.Read("""{"signature_name": "a", "instances": [1], "instances": "ignored", "signature_name": 3}""", signature);

        // Assert
        Assert.Equal("a", request.SignatureName);
        Assert.Equal([1], request.Inputs["x"].As<int>());
    }

    [Fact]
    public void Read_NonUtf8StringBytes_ArePassedThroughRaw()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("s", TensorDataType.String, -1));
        byte[] body = [.. "{\"instances\": [\""u8, 0xFF, 0xFE, .. "\"]}"u8];

        // Act
        var request = PredictRequestReader.Read(body, signature);

        // Assert
        Assert.Equal(new byte[] { 0xFF, 0xFE }, Assert.Single(request.Inputs["s"].As<byte[]>()));
    }

    [Fact]
    public void Read_EscapedSurrogatePair_BecomesUtf8()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("s", TensorDataType.String));

        // Act
        var request = JsonTestData.Read("""{"inputs": "\ud83d\ude00\u0000"}""", signature);

        // Assert
        Assert.Equal([.. "😀"u8, 0], request.Inputs["s"].As<byte[]>()[0]);
    }

    [Fact]
    public void Read_EmptyListsAndScalars_FollowTheFirstElementShapeRule()
    {
        // Arrange
        var signature = JsonTestData.Inputs(
            new TensorSpec("empty", TensorDataType.Float, -1, -1),
            new TensorSpec("scalar", TensorDataType.Int32));

        // Act
        var request = JsonTestData.Read("""{"inputs": {"empty": [[], []], "scalar": 7}}""", signature);

        // Assert
        Assert.Equal([2L, 0L], request.Inputs["empty"].Shape);
        Assert.Empty(request.Inputs["empty"].As<float>());
        Assert.Equal([7], request.Inputs["scalar"].As<int>());
    }

    [Fact]
    public void Read_ManyInstances_GrowsBuffersWithTheContent()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, -1, 2));
        var json = "{\"instances\": [" + string.Join(',', Enumerable.Range(0, 5000).Select(i => $"[{i}, {i}.5]")) + "]}";

        // Act
        var x = JsonTestData.Read(json, signature).Inputs["x"];

        // Assert
        Assert.Equal([5000L, 2L], x.Shape);
        Assert.Equal(4999.5f, x.As<float>()[9999]);
    }

    [Fact]
    public void Read_IntegerLiteralAtFloatPrecisionLimit_IsAccepted()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("x", TensorDataType.Float, -1));

        // Act
        var request = JsonTestData.Read("""{"instances": [-16777215, 16777217.0, 1e10]}""", signature);

        // Assert
        Assert.Equal([-16777215f, 16777216f, 1e10f], request.Inputs["x"].As<float>());
    }

    [Fact]
    public void Read_UnpaddedAndPaddedBase64_DecodeTheSame()
    {
        // Arrange
        var signature = JsonTestData.Inputs(new TensorSpec("s", TensorDataType.String, -1));

        // Act
        var s = JsonTestData.Read("""{"instances": [{"b64": "YQ"}, {"b64": "YQ=="}, {"b64": ""}]}""", signature).Inputs["s"].As<byte[]>();

        // Assert
        Assert.Equal(["a"u8.ToArray(), "a"u8.ToArray(), []], s);
    }

    internal static ModelSignature AllTypesSignature() => JsonTestData.Inputs(
        new TensorSpec("f32", TensorDataType.Float, -1),
        new TensorSpec("f64", TensorDataType.Double, -1),
        new TensorSpec("f16", TensorDataType.Float16, -1),
        new TensorSpec("bf16", TensorDataType.BFloat16, -1),
        new TensorSpec("i8", TensorDataType.Int8, -1),
        new TensorSpec("i16", TensorDataType.Int16, -1),
        new TensorSpec("i32", TensorDataType.Int32, -1),
        new TensorSpec("i64", TensorDataType.Int64, -1),
        new TensorSpec("u8", TensorDataType.UInt8, -1),
        new TensorSpec("u16", TensorDataType.UInt16, -1),
        new TensorSpec("u32", TensorDataType.UInt32, -1),
        new TensorSpec("u64", TensorDataType.UInt64, -1),
        new TensorSpec("flag", TensorDataType.Bool, -1),
        new TensorSpec("text", TensorDataType.String, -1));
}
