using System.Buffers.Text;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads numbers into a double tensor, each rounded to the nearest double; numbers past the double range are refused.</summary>
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

        // Rounded to the nearest double, as by RapidJSON; a number past the double range is refused, as RapidJSON refuses it.
        if (!Utf8Parser.TryParse(reader.ValueSpan, out double value, out var consumed)
            || consumed != reader.ValueSpan.Length
            || double.IsInfinity(value))
        {
            throw context.TooBigError(ref reader);
        }

        Add(value);
    }
}
