using System.Buffers.Binary;
using System.Text;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.OpenInference;
using ModelServing.Protocols.Tests.TestSupport;

namespace ModelServing.Protocols.Tests.OpenInference;

/// <summary>
/// Hostile v2 bodies: text that is not UTF-8 (raw bytes or an unpaired surrogate escape) anywhere a string is read, shapes
/// whose element count overflows, numbers past the double range. Each is a 400 naming what was wrong, never another exception.
/// </summary>
public sealed class InferRequestReaderHostileTests
{
    private static readonly ModelSignature s_signature = new(
        [new TensorSpec("x", TensorDataType.Float, -1), new TensorSpec("s", TensorDataType.String, -1)],
        [new TensorSpec("y", TensorDataType.Float, -1)]);

    public static TheoryData<string, string> UnpairedSurrogates => new()
    {
        { """{"\ud800": 1, "inputs": []}""", "A key of the request" },
        { """{"id": "\udc00", "inputs": []}""", "\"id\"" },
        { """{"inputs": [{"\ud800": 1}]}""", "A key of inputs[0]" },
        { """{"inputs": [{"name": "x\ud800", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "inputs[0].name" },
        { """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP\ud800", "data": [1]}]}""", "inputs[0].datatype" },
        { """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "parameters": {"\ud800": 1}, "data": [1]}]}""", "A key of inputs[0].parameters" },
        { """{"inputs": [{"name": "s", "shape": [1], "datatype": "BYTES", "parameters": {"content_type": "\ud800"}, "data": ["a"]}]}""", "inputs[0].parameters.content_type" },
        { """{"inputs": [{"name": "s", "shape": [2], "datatype": "BYTES", "data": ["a", "b\ud800"]}]}""", "Input 's' element 1" },
        { """{"inputs": [{"name": "s", "shape": [1], "datatype": "BYTES", "data": [{"\ud800": "YQ=="}]}]}""", "A key of input 's' element 0" },
        { """{"inputs": [{"name": "s", "shape": [1], "datatype": "BYTES", "data": [{"b64": "\ud800"}]}]}""", "Input 's' element 0" },
        { """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": ["\ud800"]}]}""", "Input 'x' element 0" },
        { """{"parameters": {"\ud800": true}, "inputs": []}""", "A key of the request parameters" },
        { """{"outputs": [{"\ud800": 1}], "inputs": []}""", "A key of outputs[0]" },
        { """{"outputs": [{"name": "\ud800"}], "inputs": []}""", "outputs[0].name" },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void Read_UnpairedSurrogateEscape_IsInvalidInputNamingTheField(string json, string field)
    {
        var exception = Assert.Throws<ServingException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal($"{field} is not valid UTF-8 text (invalid bytes or an unpaired surrogate escape such as \\ud800)", exception.Message);
    }

    [Theory]
    [InlineData("""{"inputs": [{"na§me": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "A key of inputs[0]")]
    [InlineData("""{"inputs": [{"name": "x§", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "inputs[0].name")]
    [InlineData("""{"inputs": [{"name": "s", "shape": [1], "datatype": "BYTES", "data": ["a§"]}]}""", "Input 's' element 0")]
    [InlineData("""{"inputs": [{"name": "s", "shape": [1], "datatype": "BYTES", "data": ["\n§"]}]}""", "Input 's' element 0")]
    public void Read_InvalidUtf8Bytes_AreInvalidInputNamingTheField(string json, string field)
    {
        var exception = Assert.Throws<ServingException>(() => Read(JsonBytes.With(json, 0xC3, 0x28)));

        Assert.Equal($"{field} is not valid UTF-8 text (invalid bytes or an unpaired surrogate escape such as \\ud800)", exception.Message);
    }

    [Fact]
    public void Read_InvalidUtf8InTheBinaryHeader_IsInvalidInputNamingTheField()
    {
        var header = JsonBytes.With("""{"inputs": [{"name": "x§", "shape": [1], "datatype": "FP32", "parameters": {"binary_data_size": 4}}]}""", 0xFF);
        var body = header.Concat(BitConverter.GetBytes(1f)).ToArray();

        var exception = Assert.Throws<ServingException>(() => InferRequestReader.Read(body, header.Length, s_signature, 64));

        Assert.StartsWith("inputs[0].name is not valid UTF-8 text", exception.Message);
    }

    [Theory]
    [InlineData("FP32", "4611686018427387904", 0)]
    [InlineData("FP32", "1073741824", 0)]
    [InlineData("BYTES", "4611686018427387904", 4)]
    [InlineData("FP32", "4294967296, 4294967296", 0)]
    [InlineData("FP32", "3037000500, 3037000500, 2", 0)]
    [InlineData("INT8", "2147483648", 0)]
    public void Read_BinaryShapeTooLargeForATensor_IsInvalidInputNamingTheInput(string datatype, string shape, int size)
    {
        var name = datatype == "BYTES" ? "s" : "x";
        var header = Encoding.UTF8.GetBytes(
            $$$"""{"inputs": [{"name": "{{{name}}}", "shape": [{{{shape}}}], "datatype": "{{{datatype}}}", "parameters": {"binary_data_size": {{{size}}}}}]}""");
        var data = new byte[size];
        var body = header.Concat(data).ToArray();

        var exception = Assert.Throws<ServingException>(() => InferRequestReader.Read(body, header.Length, s_signature, 64));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.StartsWith($"Input '{name}' has shape [{shape.Replace(" ", string.Empty, StringComparison.Ordinal)}], more elements than one tensor can hold", exception.Message);
    }

    [Fact]
    public void Read_JsonShapeTooLargeForATensor_IsInvalidInputNamingTheInput()
    {
        var json = """{"inputs": [{"name": "x", "shape": [4611686018427387904], "datatype": "FP32", "data": [1]}]}""";

        var exception = Assert.Throws<ServingException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith("Input 'x' has shape [4611686018427387904], more elements than one tensor can hold", exception.Message);
    }

    [Theory]
    [InlineData("[-1]")]
    [InlineData("[2, -3]")]
    [InlineData("[1.5]")]
    [InlineData("[9223372036854775808]")]
    public void Read_ShapeWithANegativeOrNonIntegerDimension_IsInvalidInput(string shape)
    {
        var json = $$"""{"inputs": [{"name": "x", "shape": {{shape}}, "datatype": "FP32", "data": [1]}]}""";

        var exception = Assert.Throws<ServingException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("inputs[0].shape must be a list of non-negative integers", exception.Message);
    }

    [Fact]
    public void Read_BinaryDataShorterThanTheShape_SaysHowManyBytesItNeeds()
    {
        var header = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "x", "shape": [3], "datatype": "FP32", "parameters": {"binary_data_size": 8}}]}""");
        var body = header.Concat(new byte[8]).ToArray();

        var exception = Assert.Throws<ServingException>(() => InferRequestReader.Read(body, header.Length, s_signature, 64));

        Assert.Equal("Input 'x' has binary_data_size 8 but shape [3] of FP32 needs 12 bytes", exception.Message);
    }

    [Fact]
    public void Read_BinaryStringsClaimingMoreThanRemains_AreInvalidInput()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(data, uint.MaxValue);
        var header = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "s", "shape": [1], "datatype": "BYTES", "parameters": {"binary_data_size": 8}}]}""");

        var exception = Assert.Throws<ServingException>(() => InferRequestReader.Read(header.Concat(data).ToArray(), header.Length, s_signature, 64));

        Assert.Equal("Input 's' element 0 claims 4294967295 bytes but only 4 remain", exception.Message);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e309")]
    public void Read_NumberPastTheDoubleRange_IsInvalidInputNamingTheElement(string literal)
    {
        var json = $$"""{"inputs": [{"name": "x", "shape": [2], "datatype": "FP32", "data": [1, {{literal}}]}]}""";

        var exception = Assert.Throws<ServingException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal($"Input 'x' element 1 is {literal}, which is outside the range of a double", exception.Message);
    }

    [Fact]
    public void Read_FiniteNumberPastTheFloatRange_BecomesAnInfinityAsOnTheTensorFlowServingRoute()
    {
        var json = """{"inputs": [{"name": "x", "shape": [2], "datatype": "FP32", "data": [1e39, 1435774380]}]}""";

        var request = Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal([float.PositiveInfinity, 1435774336f], request.Inputs["x"].As<float>());
    }

    private static InferRequest Read(byte[] json) => InferRequestReader.Read(json, null, s_signature, 64);
}
