using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Inference;

namespace ModelServing.Gateway.Tests.Grpc.OpenInference;

/// <summary>v2 gRPC requests for the test models, and raw little-endian encodings of their elements.</summary>
internal static class GrpcRequests
{
    /// <summary>A loans request with typed FP32 contents, one row per element.</summary>
    public static ModelInferRequest Loans(float[] income, float[] creditCards, float[] age)
    {
        var request = new ModelInferRequest { ModelName = "loans" };
        request.Inputs.Add(Fp32("income", income));
        request.Inputs.Add(Fp32("credit_cards", creditCards));
        request.Inputs.Add(Fp32("age", age));
        return request;
    }

    /// <summary>An FP32 input of shape [values.Length] with typed contents.</summary>
    public static ModelInferRequest.Types.InferInputTensor Fp32(string name, float[] values)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = "FP32", Shape = { values.Length }, Contents = new InferTensorContents() };
        input.Contents.Fp32Contents.AddRange(values);
        return input;
    }

    public static ByteString Raw(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return ByteString.CopyFrom(bytes);
    }

    public static float[] Floats(byte[] bytes) =>
        [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)))];

    public static long[] Longs(byte[] bytes) =>
        [.. Enumerable.Range(0, bytes.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8)))];

    /// <summary>A request for the identity model with every input [1,2] as raw_input_contents; <paramref name="expected"/> maps suffix to (datatype, bytes).</summary>
    public static ModelInferRequest AllTypesRaw(out Dictionary<string, (string Datatype, byte[] Bytes)> expected)
    {
        expected = new()
        {
            ["float"] = ("FP32", [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2.25f)]),
            ["double"] = ("FP64", [.. BitConverter.GetBytes(1e300), .. BitConverter.GetBytes(-0.5)]),
            ["float16"] = ("FP16", [.. BitConverter.GetBytes((Half)0.5), .. BitConverter.GetBytes((Half)(-2048))]),
            ["bfloat16"] = ("BF16", [0x80, 0x3F, 0x40, 0xC0]),
            ["int8"] = ("INT8", [0x80, 0x7F]),
            ["int16"] = ("INT16", [.. BitConverter.GetBytes(short.MinValue), .. BitConverter.GetBytes(short.MaxValue)]),
            ["int32"] = ("INT32", [.. BitConverter.GetBytes(int.MinValue), .. BitConverter.GetBytes(7)]),
            ["int64"] = ("INT64", [.. BitConverter.GetBytes(long.MinValue), .. BitConverter.GetBytes(long.MaxValue)]),
            ["uint8"] = ("UINT8", [0, 255]),
            ["uint16"] = ("UINT16", [.. BitConverter.GetBytes(ushort.MaxValue), .. BitConverter.GetBytes((ushort)1)]),
            ["uint32"] = ("UINT32", [.. BitConverter.GetBytes(uint.MaxValue), .. BitConverter.GetBytes(1u)]),
            ["uint64"] = ("UINT64", [.. BitConverter.GetBytes(ulong.MaxValue), .. BitConverter.GetBytes(1ul)]),
            ["bool"] = ("BOOL", [1, 0]),
            ["string"] = ("BYTES", [.. LengthPrefixed("a"), .. LengthPrefixed("\u00e9t\u00e9")]),
        };
        var request = new ModelInferRequest { ModelName = "dtypes" };
        foreach (var (suffix, (datatype, bytes)) in expected)
        {
            request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = $"x_{suffix}", Datatype = datatype, Shape = { 1, 2 } });
            request.RawInputContents.Add(ByteString.CopyFrom(bytes));
        }

        return request;
    }

    private static byte[] LengthPrefixed(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return [.. BitConverter.GetBytes(utf8.Length), .. utf8];
    }
}
