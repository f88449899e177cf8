using System.Numerics;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads integer literals into a signed or unsigned integer tensor of up to 32 bits, or int64.</summary>
/// <remarks>
/// A literal with a fraction or exponent (<c>1.0</c>, <c>1e2</c>) is refused, as RapidJSON's <c>IsInt()</c> refuses it;
/// so is a value outside the type's range (TF Serving would truncate int8/int16/uint8 silently).
/// </remarks>
/// <typeparam name="T">sbyte, short, int, long, byte, ushort or uint.</typeparam>
internal sealed class IntegerTensorBuilder<T> : TypedTensorBuilder<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static readonly long _min = long.CreateTruncating(T.MinValue);
    private static readonly long _max = long.CreateTruncating(T.MaxValue);

    public IntegerTensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    protected override void AppendLeaf(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.TokenType != JsonTokenType.Number
            || context.TryGetNonFinite(ref reader, out _)
            || !reader.TryGetInt64(out var value)
            || value < _min
            || value > _max)
        {
            throw context.TypeError(ref reader, Spec.DataType);
        }

        Add(T.CreateTruncating(value));
    }
}
