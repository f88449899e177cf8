using System.Buffers.Text;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads numbers into a bfloat16 tensor (raw bits): parsed as float, then rounded to nearest even.</summary>
/// <remarks>TF Serving has no JSON input for DT_BFLOAT16; only values beyond its range are refused.</remarks>
internal sealed class BFloat16TensorBuilder : TypedTensorBuilder<ushort>
{
    public BFloat16TensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    /// <summary>The bfloat16 nearest to <paramref name="value"/> (ties to even); NaN stays a (quiet) NaN.</summary>
    public static ushort FromSingle(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }

        var lsb = (bits >> 16) & 1;
        return (ushort)((bits + 0x7FFF + lsb) >> 16);
    }

    /// <summary>The float of a bfloat16's bits (exact).</summary>
    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    protected override void AppendLeaf(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw context.TypeError(ref reader, TensorDataType.BFloat16);
        }

        if (context.TryGetNonFinite(ref reader, out var special))
        {
            Add(FromSingle((float)special));
            return;
        }

        if (!Utf8Parser.TryParse(reader.ValueSpan, out float value, out var consumed)
            || consumed != reader.ValueSpan.Length
            || float.IsInfinity(value)
            || float.IsInfinity(ToSingle(FromSingle(value))))
        {
            throw context.LossyError(ref reader, TensorDataType.BFloat16);
        }

        Add(FromSingle(value));
    }
}
