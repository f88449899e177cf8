using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads numbers into a float tensor: integer literals up to 2^24 - 1 in magnitude, decimals within float range.</summary>
internal sealed class FloatTensorBuilder : TypedTensorBuilder<float>
{
    public FloatTensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    protected override void AppendLeaf(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw context.TypeError(ref reader, TensorDataType.Float);
        }

        if (context.TryGetNonFinite(ref reader, out var special))
        {
            Add((float)special);
            return;
        }

        // Parsed straight from the text, so the float is correctly rounded (never rounded twice through a double).
        if (!FastFloatParser.TryParse(reader.ValueSpan, out var value)
            || !JsonNumbers.IsExactInteger(ref reader, JsonNumbers.MaxExactSingle))
        {
            throw context.LossyError(ref reader, TensorDataType.Float);
        }

        Add(value);
    }

    /// <inheritdoc />
    protected override int AppendNumberRun(ref Utf8JsonReader reader, ParseContext context, out bool advanced)
    {
        advanced = true;
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            if (context.Literals is not null)
            {
                // NaN and infinities were rewritten to placeholders: the one-at-a-time path knows them.
                AppendLeaf(ref reader, context);
            }
            else if (FastFloatParser.TryParse(reader.ValueSpan, out var value) && JsonNumbers.IsExactInteger(ref reader, JsonNumbers.MaxExactSingle))
            {
                Add(value);
            }
            else
            {
                throw context.LossyError(ref reader, TensorDataType.Float);
            }

            count++;
        }

        return count;
    }
}
