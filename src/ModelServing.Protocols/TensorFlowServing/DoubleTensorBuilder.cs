using System.Buffers.Text;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads numbers into a double tensor: integer literals up to 2^53 - 1 in magnitude, decimals within double range.</summary>
internal sealed class DoubleTensorBuilder : TypedTensorBuilder<double>
{
    public DoubleTensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    protected override void AppendLeaf(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw context.TypeError(ref reader, TensorDataType.Double);
        }

        if (context.TryGetNonFinite(ref reader, out var special))
        {
            Add(special);
            return;
        }

        if (!Utf8Parser.TryParse(reader.ValueSpan, out double value, out var consumed)
            || consumed != reader.ValueSpan.Length
            || double.IsInfinity(value)
            || !JsonNumbers.IsExactInteger(ref reader, JsonNumbers.MaxExactDouble))
        {
            throw context.LossyError(ref reader, TensorDataType.Double);
        }

        Add(value);
    }
}
