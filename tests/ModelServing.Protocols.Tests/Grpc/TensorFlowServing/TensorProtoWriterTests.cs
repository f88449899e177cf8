using System.Text.Json.Nodes;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Grpc.TensorFlowServing;
using Tensorflow;

namespace ModelServing.Protocols.Tests.Grpc.TensorFlowServing;

public sealed class TensorProtoWriterTests
{
    [Fact]
    public void Write_NumericOutput_UsesTensorContentAsTensorFlowServing()
    {
        var proto = TensorProtoWriter.Write(TensorData.FromFloats([0.5f, -1, 3, 4], 2, 2));

        Assert.Equal(DataType.DtFloat, proto.Dtype);
        Assert.Equal([2L, 2], proto.TensorShape.Dim.Select(d => d.Size));
        Assert.Empty(proto.FloatVal);
        Assert.Equal(new[] { 0.5f, -1, 3, 4 }.SelectMany(BitConverter.GetBytes), proto.TensorContent.ToByteArray());
    }

    [Fact]
    public void Write_Int64AndBool_PackLittleEndianAndOneBytePerFlag()
    {
        var ints = TensorProtoWriter.Write(TensorData.Create(TensorDataType.Int64, new long[] { 1, -2 }, 2));
        var flags = TensorProtoWriter.Write(TensorData.Create(TensorDataType.Bool, new[] { true, false, true }, 3));

        Assert.Equal(DataType.DtInt64, ints.Dtype);
        Assert.Equal(BitConverter.GetBytes(1L).Concat(BitConverter.GetBytes(-2L)), ints.TensorContent.ToByteArray());
        Assert.Equal(DataType.DtBool, flags.Dtype);
        Assert.Equal([1, 0, 1], flags.TensorContent.ToByteArray());
    }

    [Fact]
    public void Write_Half_UsesHalfValAsTensorFlowServing()
    {
        var proto = TensorProtoWriter.Write(TensorData.Create(TensorDataType.Float16, new[] { (Half)0.5f }, 1));

        Assert.Equal(DataType.DtHalf, proto.Dtype);
        Assert.Equal([BitConverter.HalfToUInt16Bits((Half)0.5f)], proto.HalfVal.Select(v => (ushort)v));
        Assert.True(proto.TensorContent.IsEmpty);
    }

    [Fact]
    public void Write_StringsAndServingFunctionValues_UseStringVal()
    {
        var strings = TensorProtoWriter.Write(TensorData.FromBytes([[0xFF, 0x00], "a"u8.ToArray()], 2));
        var json = TensorProtoWriter.Write(TensorData.Create(TensorDataType.Json, new JsonNode?[] { JsonNode.Parse("""{"label":"0","score":1}"""), null }, 2));

        Assert.Equal(DataType.DtString, strings.Dtype);
        Assert.Equal([0xFF, 0x00], strings.StringVal[0].ToByteArray());
        Assert.Equal(DataType.DtString, json.Dtype);
        Assert.Equal(["""{"label":"0","score":1}""", "null"], json.StringVal.Select(s => s.ToStringUtf8()));
    }

    [Theory]
    [InlineData(TensorDataType.Double)]
    [InlineData(TensorDataType.BFloat16)]
    [InlineData(TensorDataType.Int8)]
    [InlineData(TensorDataType.UInt16)]
    [InlineData(TensorDataType.UInt64)]
    public void Write_ThenRead_RoundTripsEveryPackedType(TensorDataType type)
    {
        var data = Array.CreateInstance(TensorDataTypes.ClrType(type), 3);
        for (var i = 0; i < 3; i++)
        {
            data.SetValue(Convert.ChangeType(i + 1, TensorDataTypes.ClrType(type), System.Globalization.CultureInfo.InvariantCulture), i);
        }

        var proto = TensorProtoWriter.Write(TensorData.Create(type, data, 3));
        var spec = new TensorSpec("x", type, -1);
        var back = TensorProtoReader.ReadInputs(new Dictionary<string, TensorProto> { ["x"] = proto }, new ModelSignature([spec], []), new RequestSizeLimits())["x"];

        Assert.Equal(data, back.Data);
    }
}
