using System.Runtime.InteropServices;
using ModelServing.Core.Tensors;

namespace ModelServing.Onnx.Tests.TestSupport;

/// <summary>Six awkward values (a [3,2] tensor) per element type of the identity model: extremes, NaN, infinities, odd bytes.</summary>
public static class IdentityValues
{
    public static IReadOnlyDictionary<string, (TensorDataType Type, Array Data)> All { get; } =
        new Dictionary<string, (TensorDataType, Array)>
        {
            ["float"] = (TensorDataType.Float, new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.MaxValue, float.Epsilon }),
            ["double"] = (TensorDataType.Double, new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0d, double.MinValue, double.Epsilon }),
            ["float16"] = (TensorDataType.Float16, new[] { Half.NaN, Half.PositiveInfinity, Half.NegativeInfinity, Half.MaxValue, Half.Epsilon, (Half)1.5f }),
            // NaN, +Inf, -Inf, 1.0, the smallest subnormal, a negative NaN.
            ["bfloat16"] = (TensorDataType.BFloat16, new ushort[] { 0x7FC0, 0x7F80, 0xFF80, 0x3F80, 0x0001, 0xFFFF }),
            ["int8"] = (TensorDataType.Int8, new sbyte[] { sbyte.MinValue, sbyte.MaxValue, 0, -1, 1, 42 }),
            ["int16"] = (TensorDataType.Int16, new short[] { short.MinValue, short.MaxValue, 0, -1, 1, 4242 }),
            ["int32"] = (TensorDataType.Int32, new[] { int.MinValue, int.MaxValue, 0, -1, 1, 424242 }),
            ["int64"] = (TensorDataType.Int64, new[] { long.MinValue, long.MaxValue, 0, -1, 1, 1L << 53 }),
            ["uint8"] = (TensorDataType.UInt8, new byte[] { byte.MinValue, byte.MaxValue, 1, 127, 128, 42 }),
            ["uint16"] = (TensorDataType.UInt16, new ushort[] { ushort.MinValue, ushort.MaxValue, 1, 32767, 32768, 42 }),
            ["uint32"] = (TensorDataType.UInt32, new uint[] { uint.MinValue, uint.MaxValue, 1u, int.MaxValue, 1u << 31, 42u }),
            ["uint64"] = (TensorDataType.UInt64, new ulong[] { ulong.MinValue, ulong.MaxValue, 1ul, long.MaxValue, 1ul << 63, 42ul }),
            ["bool"] = (TensorDataType.Bool, new[] { true, false, false, true, true, false }),
            ["string"] = (TensorDataType.String, new byte[][] { [], [0x00], [0xFF, 0xFE], "héllo"u8.ToArray(), [0x61, 0x00, 0x62], [0xC3] }),
        };

    /// <summary>The exact bits of the elements, as hex text (strings: one hex run per element).</summary>
    public static string Bits(Array data) => data switch
    {
        byte[][] strings => string.Join('|', strings.Select(Convert.ToHexString)),
        _ => Convert.ToHexString(MemoryMarshal.CreateReadOnlySpan(
            ref MemoryMarshal.GetArrayDataReference(data),
            data.Length * TensorDataTypes.ElementSize(TypeOf(data)))),
    };

    private static TensorDataType TypeOf(Array data) =>
        All.Values.First(v => v.Data.GetType() == data.GetType()).Type;
}
