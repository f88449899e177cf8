using System.Runtime.InteropServices;
using Inference;
using Tensorflow;

namespace ModelServing.Gateway.Tests.Grpc;

/// <summary>Reads numbers out of gRPC answers the way a client would: packed content when present, else the typed values.</summary>
internal static class GrpcTensors
{
    public static float[] Floats(TensorProto tensor) => tensor.TensorContent.IsEmpty
        ? [.. tensor.FloatVal]
        : MemoryMarshal.Cast<byte, float>(tensor.TensorContent.Span).ToArray();

    public static long[] Longs(TensorProto tensor) => tensor.TensorContent.IsEmpty
        ? [.. tensor.Int64Val]
        : MemoryMarshal.Cast<byte, long>(tensor.TensorContent.Span).ToArray();

    public static float[] Floats(ModelInferResponse response, string name)
    {
        var index = IndexOf(response, name);
        return response.RawOutputContents.Count > index
            ? MemoryMarshal.Cast<byte, float>(response.RawOutputContents[index].Span).ToArray()
            : [.. response.Outputs[index].Contents.Fp32Contents];
    }

    public static long[] Longs(ModelInferResponse response, string name)
    {
        var index = IndexOf(response, name);
        return response.RawOutputContents.Count > index
            ? MemoryMarshal.Cast<byte, long>(response.RawOutputContents[index].Span).ToArray()
            : [.. response.Outputs[index].Contents.Int64Contents];
    }

    private static int IndexOf(ModelInferResponse response, string name)
    {
        var index = response.Outputs.ToList().FindIndex(o => o.Name == name);
        Assert.True(index >= 0, $"no output '{name}' in the answer");
        return index;
    }
}
