using System.Buffers.Text;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads numbers into a float tensor, each rounded to the nearest float; a finite double past the float range becomes an infinity.</summary>
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

        AppendNumber(ref reader, context);
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
            else
            {
                AppendNumber(ref reader, context);
            }

            count++;
        }

        return count;
    }

    private void AppendNumber(ref Utf8JsonReader reader, ParseContext context)
    {
        // Parsed straight from the text, so the float is the nearest to it (never rounded twice through a double), as
        // current TF Serving rounds any number to the nearest float.
        var text = reader.ValueSpan;
        if (FastFloatParser.ParseNumber(text, out var value, out _) != text.Length)
        {
            // Past the float range: TF Serving casts the double, which gives an infinity; past the double range RapidJSON
            // refuses the number.
            value = Utf8Parser.TryParse(text, out double wide, out var consumed) && consumed == text.Length && double.IsFinite(wide)
                ? (float)wide
                : throw context.TooBigError(ref reader);
        }

        Add(value);
    }
}
