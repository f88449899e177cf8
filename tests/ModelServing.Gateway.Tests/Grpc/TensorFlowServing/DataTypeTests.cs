using System.Runtime.InteropServices;
using Google.Protobuf;
using Tensorflow;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Grpc.TensorFlowServing;

/// <summary>Every served dtype through the identity model (<c>x_T</c> [batch,2] -> <c>y_T</c>), in its typed field and in tensor_content.</summary>
[Collection(TfGrpcCollection.Name)]
public sealed class DataTypeTests(TfGrpcFixture fixture)
{
    private sealed record Case(string Suffix, DataType Dtype, Action<TensorProto> Typed, byte[] Bytes);

    private static byte[] Bytes<T>(params T[] values)
        where T : struct => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static readonly Half[] s_halves = [(Half)0.5f, (Half)(-2048f)];

    private static readonly Case[] s_cases =
    [
        new("float", DataType.DtFloat, t => t.FloatVal.Add([1.5f, -2.25f]), Bytes(1.5f, -2.25f)),
        new("double", DataType.DtDouble, t => t.DoubleVal.Add([1.0000000000000002, -1e300]), Bytes(1.0000000000000002, -1e300)),
        new("float16", DataType.DtHalf, t => t.HalfVal.Add(s_halves.Select(h => (int)BitConverter.HalfToUInt16Bits(h))), Bytes(s_halves)),
        new("bfloat16", DataType.DtBfloat16, t => t.HalfVal.Add([0x3F80, 0xC040]), Bytes<ushort>(0x3F80, 0xC040)),
        new("int8", DataType.DtInt8, t => t.IntVal.Add([-128, 127]), Bytes<sbyte>(-128, 127)),
        new("int16", DataType.DtInt16, t => t.IntVal.Add([-32768, 32767]), Bytes<short>(-32768, 32767)),
        new("int32", DataType.DtInt32, t => t.IntVal.Add([int.MinValue, int.MaxValue]), Bytes(int.MinValue, int.MaxValue)),
        new("int64", DataType.DtInt64, t => t.Int64Val.Add([long.MinValue, long.MaxValue]), Bytes(long.MinValue, long.MaxValue)),
        new("uint8", DataType.DtUint8, t => t.IntVal.Add([0, 255]), [0, 255]),
        new("uint16", DataType.DtUint16, t => t.IntVal.Add([0, 65535]), Bytes<ushort>(0, 65535)),
        new("uint32", DataType.DtUint32, t => t.Uint32Val.Add([0, uint.MaxValue]), Bytes(0u, uint.MaxValue)),
        new("uint64", DataType.DtUint64, t => t.Uint64Val.Add([0, ulong.MaxValue]), Bytes(0ul, ulong.MaxValue)),
        new("bool", DataType.DtBool, t => t.BoolVal.Add([true, false]), [1, 0]),
    ];

    private PredictRequest Request(Func<Case, TensorProto> tensor)
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "dtypes" } };
        foreach (var c in s_cases)
        {
            request.Inputs[$"x_{c.Suffix}"] = tensor(c);
        }

        request.Inputs["x_string"] = new TensorProto { Dtype = DataType.DtString, TensorShape = TfGrpcFixture.Shape(1, 2), StringVal = { ByteString.CopyFromUtf8("a"), ByteString.CopyFrom(0xFF, 0xD8) } };
        return request;
    }

    private static void AssertRoundTrip(PredictResponse response)
    {
        foreach (var c in s_cases)
        {
            var output = response.Outputs[$"y_{c.Suffix}"];
            Assert.Equal(c.Dtype, output.Dtype);
            Assert.Equal([1L, 2], output.TensorShape.Dim.Select(d => d.Size));
            // TF Serving answers DT_HALF in half_val and every other numeric type in tensor_content.
            var bytes = c.Dtype == DataType.DtHalf ? Bytes(output.HalfVal.Select(v => (ushort)v).ToArray()) : output.TensorContent.ToByteArray();
            Assert.True(c.Bytes.SequenceEqual(bytes), $"y_{c.Suffix}");
        }

        Assert.Equal(["a"u8.ToArray(), [0xFF, 0xD8]], response.Outputs["y_string"].StringVal.Select(s => s.ToByteArray()));
    }

    [Fact]
    public async Task Predict_EveryDtypeInItsTypedField_RoundTripsExactly()
    {
        var response = await fixture.Prediction.PredictAsync(Request(c =>
        {
            var tensor = new TensorProto { Dtype = c.Dtype, TensorShape = TfGrpcFixture.Shape(1, 2) };
            c.Typed(tensor);
            return tensor;
        }));

        AssertRoundTrip(response);
    }

    [Fact]
    public async Task Predict_EveryNumericDtypeInTensorContent_RoundTripsExactly()
    {
        var response = await fixture.Prediction.PredictAsync(Request(c =>
            new TensorProto { Dtype = c.Dtype, TensorShape = TfGrpcFixture.Shape(1, 2), TensorContent = ByteString.CopyFrom(c.Bytes) }));

        AssertRoundTrip(response);
    }
}
