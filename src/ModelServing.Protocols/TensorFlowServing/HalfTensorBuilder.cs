using System.Globalization;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads numbers into a float16 tensor, rounded to nearest even; only values beyond its range are refused.</summary>
/// <remarks>TF Serving has no JSON input for DT_HALF. Half holds few digits, so TF's exact-integer rule is not applied.</remarks>
internal sealed class HalfTensorBuilder : TypedTensorBuilder<Half>
{
    public HalfTensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    protected override void AppendLeaf(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw context.TypeError(ref reader, TensorDataType.Float16);
        }

        if (context.TryGetNonFinite(ref reader, out var special))
        {
            Add((Half)special);
            return;
        }

        if (!Half.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || Half.IsInfinity(value))
        {
            throw context.LossyError(ref reader, TensorDataType.Float16);
        }

        Add(value);
    }
}
