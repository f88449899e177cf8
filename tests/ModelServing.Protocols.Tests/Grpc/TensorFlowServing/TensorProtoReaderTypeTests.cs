using Google.Protobuf;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Grpc.TensorFlowServing;
using Tensorflow;

namespace ModelServing.Protocols.Tests.Grpc.TensorFlowServing;

/// <summary>Every served dtype through its typed field, as TensorFlow's tensor_util writes them.</summary>
public sealed class TensorProtoReaderTypeTests
{
    private static TensorData Read(TensorDataType type, TensorProto proto)
    {
        var spec = new TensorSpec("x", type, -1);
        proto.TensorShape ??= TensorProtoWriter.Shape([2]);
        return TensorProtoReader.ReadInputs(new Dictionary<string, TensorProto> { ["x"] = proto }, new ModelSignature([spec], []), new RequestSizeLimits())["x"];
    }

    [Fact]
    public void ReadInputs_IntValForNarrowIntegers_DecodesEachType()
    {
        Assert.Equal([(sbyte)-128, (sbyte)127], Read(TensorDataType.Int8, new() { Dtype = DataType.DtInt8, IntVal = { -128, 127 } }).As<sbyte>());
        Assert.Equal([(short)-32768, (short)32767], Read(TensorDataType.Int16, new() { Dtype = DataType.DtInt16, IntVal = { -32768, 32767 } }).As<short>());
        Assert.Equal([(byte)0, (byte)255], Read(TensorDataType.UInt8, new() { Dtype = DataType.DtUint8, IntVal = { 0, 255 } }).As<byte>());
        Assert.Equal([(ushort)0, (ushort)65535], Read(TensorDataType.UInt16, new() { Dtype = DataType.DtUint16, IntVal = { 0, 65535 } }).As<ushort>());
        Assert.Equal([int.MinValue, int.MaxValue], Read(TensorDataType.Int32, new() { Dtype = DataType.DtInt32, IntVal = { int.MinValue, int.MaxValue } }).As<int>());
    }

    [Fact]
    public void ReadInputs_IntValOutOfRange_ThrowsNamingTheType()
    {
        var ex = Assert.Throws<ServingException>(() => Read(TensorDataType.UInt8, new() { Dtype = DataType.DtUint8, IntVal = { 0, 256 } }));

        Assert.Equal("Input 'x' has 256 in int_val, which is out of range for DT_UINT8", ex.Message);
    }

    [Fact]
    public void ReadInputs_WideTypes_DecodeTheirFields()
    {
        Assert.Equal([long.MinValue, long.MaxValue], Read(TensorDataType.Int64, new() { Dtype = DataType.DtInt64, Int64Val = { long.MinValue, long.MaxValue } }).As<long>());
        Assert.Equal([0u, uint.MaxValue], Read(TensorDataType.UInt32, new() { Dtype = DataType.DtUint32, Uint32Val = { 0, uint.MaxValue } }).As<uint>());
        Assert.Equal([0ul, ulong.MaxValue], Read(TensorDataType.UInt64, new() { Dtype = DataType.DtUint64, Uint64Val = { 0, ulong.MaxValue } }).As<ulong>());
        Assert.Equal([1e300, -0.5], Read(TensorDataType.Double, new() { Dtype = DataType.DtDouble, DoubleVal = { 1e300, -0.5 } }).As<double>());
        Assert.Equal([true, false], Read(TensorDataType.Bool, new() { Dtype = DataType.DtBool, BoolVal = { true, false } }).As<bool>());
    }

    [Fact]
    public void ReadInputs_HalfVal_CarriesTheBitsOfFloat16AndBFloat16()
    {
        var half = Read(TensorDataType.Float16, new() { Dtype = DataType.DtHalf, HalfVal = { BitConverter.HalfToUInt16Bits((Half)0.5f), BitConverter.HalfToUInt16Bits((Half)(-2048f)) } });
        var bfloat = Read(TensorDataType.BFloat16, new() { Dtype = DataType.DtBfloat16, HalfVal = { 0x3F80, 0xC040 } });

        Assert.Equal([(Half)0.5f, (Half)(-2048f)], half.As<Half>());
        Assert.Equal([(ushort)0x3F80, (ushort)0xC040], bfloat.As<ushort>());
    }

    [Fact]
    public void ReadInputs_HalfValNotSixteenBits_Throws()
    {
        var ex = Assert.Throws<ServingException>(() => Read(TensorDataType.Float16, new() { Dtype = DataType.DtHalf, HalfVal = { 70000, 1 } }));

        Assert.Equal("Input 'x' has 70000 in half_val, which is not a 16-bit pattern (0 to 65535)", ex.Message);
    }

    [Fact]
    public void ReadInputs_StringVal_PassesRawBytes()
    {
        byte[] jpegish = [0xFF, 0xD8, 0xFF, 0x00];
        var tensor = Read(TensorDataType.String, new() { Dtype = DataType.DtString, StringVal = { ByteString.CopyFrom(jpegish), ByteString.CopyFromUtf8("été") } });

        Assert.Equal(jpegish, tensor.As<byte[]>()[0]);
        Assert.Equal("été"u8.ToArray(), tensor.As<byte[]>()[1]);
    }

    [Fact]
    public void ReadInputs_StringInTensorContent_Throws()
    {
        var ex = Assert.Throws<ServingException>(() => Read(TensorDataType.String, new() { Dtype = DataType.DtString, TensorContent = ByteString.CopyFromUtf8("ab") }));

        Assert.Equal("Input 'x' is DT_STRING: its values go in string_val, not tensor_content", ex.Message);
    }

    [Fact]
    public void ReadInputs_BoolTensorContent_IsOneBytePerElement()
    {
        var tensor = Read(TensorDataType.Bool, new() { Dtype = DataType.DtBool, TensorContent = ByteString.CopyFrom(1, 0) });

        Assert.Equal([true, false], tensor.As<bool>());
    }
}
