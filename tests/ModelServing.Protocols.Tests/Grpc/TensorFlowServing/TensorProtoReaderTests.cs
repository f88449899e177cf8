using Google.Protobuf;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Grpc.TensorFlowServing;
using Tensorflow;

namespace ModelServing.Protocols.Tests.Grpc.TensorFlowServing;

public sealed class TensorProtoReaderTests
{
    private static readonly ModelSignature s_floats = new([new TensorSpec("x", TensorDataType.Float, -1, 3)], []);

    internal static TensorShapeProto Shape(params long[] dims) => TensorProtoWriter.Shape(dims);

    private static TensorData ReadOne(TensorSpec spec, TensorProto proto, RequestSizeLimits? limits = null) =>
        TensorProtoReader.ReadInputs(new Dictionary<string, TensorProto> { [spec.Name] = proto }, new ModelSignature([spec], []), limits ?? new RequestSizeLimits())[spec.Name];

    private static string Error(TensorSpec spec, TensorProto proto, RequestSizeLimits? limits = null)
    {
        var ex = Assert.Throws<ServingException>(() => ReadOne(spec, proto, limits));
        Assert.Equal(ServingErrorKind.InvalidInput, ex.Kind);
        return ex.Message;
    }

    [Fact]
    public void ReadInputs_FloatVal_DecodesShapeAndValues()
    {
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(2, 3), FloatVal = { 1, 2, 3, 4, 5, 6.5f } };

        var tensor = ReadOne(s_floats.Inputs[0], proto);

        Assert.Equal([2L, 3], tensor.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6.5f], tensor.As<float>());
    }

    [Fact]
    public void ReadInputs_TensorContent_DecodesLittleEndianElements()
    {
        float[] values = [1.5f, -2, 3, 4, 5, float.NaN];
        var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(2, 3), TensorContent = ByteString.CopyFrom(bytes) };

        var tensor = ReadOne(s_floats.Inputs[0], proto);

        Assert.Equal(values, tensor.As<float>());
    }

    [Fact]
    public void ReadInputs_OneValueForLargerShape_FillsTheShapeAsTensorFlowDoes()
    {
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(2, 3), FloatVal = { 7 } };

        Assert.Equal(Enumerable.Repeat(7f, 6), ReadOne(s_floats.Inputs[0], proto).As<float>());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void ReadInputs_ValueCountNotShapeSize_ThrowsNamingInput(int count)
    {
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(2, 3) };
        proto.FloatVal.AddRange(Enumerable.Repeat(1f, count));

        Assert.Equal($"Input 'x' has shape [2,3] of DT_FLOAT (6 elements) but {count} values in float_val", Error(s_floats.Inputs[0], proto));
    }

    [Fact]
    public void ReadInputs_TensorContentOfWrongLength_ThrowsNamingBytes()
    {
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(2, 3), TensorContent = ByteString.CopyFrom(new byte[20]) };

        Assert.Equal("Input 'x' has shape [2,3] of DT_FLOAT (6 elements) but tensor_content holds 20 bytes instead of 24", Error(s_floats.Inputs[0], proto));
    }

    [Fact]
    public void ReadInputs_OtherDtype_ThrowsNamingBoth()
    {
        var proto = new TensorProto { Dtype = DataType.DtDouble, TensorShape = Shape(1, 3), DoubleVal = { 1, 2, 3 } };

        Assert.Equal("Input 'x' expects DT_FLOAT but got DT_DOUBLE", Error(s_floats.Inputs[0], proto));
    }

    [Fact]
    public void ReadInputs_DtypeNotServed_ThrowsNamingIt()
    {
        var proto = new TensorProto { Dtype = DataType.DtComplex64, TensorShape = Shape(1, 3) };

        Assert.Equal("Input 'x' has dtype DT_COMPLEX64, which is not served here; the model expects DT_FLOAT", Error(s_floats.Inputs[0], proto));
    }

    [Fact]
    public void ReadInputs_UnknownAlias_ThrowsInTensorFlowServingWords()
    {
        var inputs = new Dictionary<string, TensorProto> { ["y"] = new() { Dtype = DataType.DtFloat, FloatVal = { 1 } } };

        var ex = Assert.Throws<ServingException>(() => TensorProtoReader.ReadInputs(inputs, s_floats, new RequestSizeLimits()));

        Assert.Equal("input tensor alias not found in signature: y. Inputs expected to be in the set {x}.", ex.Message);
    }

    [Fact]
    public void ReadInputs_ValuesInAnotherField_NamesBothFields()
    {
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(1, 3), IntVal = { 1, 2, 3 } };

        Assert.Equal("Input 'x' is DT_FLOAT but its values are in int_val; DT_FLOAT values go in float_val or tensor_content", Error(s_floats.Inputs[0], proto));
    }

    [Fact]
    public void ReadInputs_NoValues_ThrowsNamingTheField()
    {
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(1, 3) };

        Assert.Equal("Input 'x' has shape [1,3] (3 elements) but no values in float_val or tensor_content", Error(s_floats.Inputs[0], proto));
    }

    [Fact]
    public void ReadInputs_BroadcastPastTensorBytes_ThrowsBeforeAllocating()
    {
        var spec = new TensorSpec("x", TensorDataType.Float, -1);
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(1L << 40), FloatVal = { 1 } };
        var limits = new RequestSizeLimits { MaxRowsPerRequest = long.MaxValue };

        Assert.Equal($"The request's input tensors take {4L << 40} bytes; at most 268435456 bytes are allowed per request", Error(spec, proto, limits));
    }

    [Fact]
    public void ReadInputs_RowsPastLimit_ThrowsBeforeAllocating()
    {
        var proto = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(70_000, 3), FloatVal = { 1 } };

        Assert.Equal("Input 'x' has 70000 rows; at most 65536 rows are allowed per request", Error(s_floats.Inputs[0], proto));
    }

    [Fact]
    public void ReadInputs_UnknownRankOrNegativeSize_Throws()
    {
        var unknown = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto { UnknownRank = true }, FloatVal = { 1 } };
        var negative = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(-1, 3), FloatVal = { 1 } };

        Assert.Equal("Input 'x' has unknown_rank set; a request tensor needs its dimensions", Error(s_floats.Inputs[0], unknown));
        Assert.Equal("Input 'x' has size -1 in dimension 0; sizes must be 0 or more", Error(s_floats.Inputs[0], negative));
    }

    [Fact]
    public void ReadInputs_NoShape_IsAScalar()
    {
        var tensor = ReadOne(new TensorSpec("s", TensorDataType.Float), new TensorProto { Dtype = DataType.DtFloat, FloatVal = { 3 } });

        Assert.Empty(tensor.Shape);
        Assert.Equal([3f], tensor.As<float>());
    }
}
