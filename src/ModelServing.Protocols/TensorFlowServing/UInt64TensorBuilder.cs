using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads non-negative integer literals up to 2^64 - 1 into a uint64 tensor.</summary>
internal sealed class UInt64TensorBuilder : TypedTensorBuilder<ulong>
{
    public UInt64TensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    protected override void AppendLeaf(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.TokenType != JsonTokenType.Number || context.TryGetNonFinite(ref reader, out _))
        {
            throw context.TypeError(ref reader, TensorDataType.UInt64);
        }

        if (reader.TryGetUInt64(out var value))
        {
            Add(value);
        }
        else if (reader.TryGetInt64(out var signed) && signed == 0)
        {
            // "-0".
            Add(0);
        }
        else
        {
            throw context.TypeError(ref reader, TensorDataType.UInt64);
        }
    }
}
