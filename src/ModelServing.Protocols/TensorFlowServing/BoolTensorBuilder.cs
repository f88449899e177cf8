using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads <c>true</c> and <c>false</c> into a bool tensor; numbers (even 0 and 1) are refused, as in TF Serving.</summary>
internal sealed class BoolTensorBuilder : TypedTensorBuilder<bool>
{
    public BoolTensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    protected override void AppendLeaf(ref Utf8JsonReader reader, ParseContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                Add(true);
                break;
            case JsonTokenType.False:
                Add(false);
                break;
            default:
                throw context.TypeError(ref reader, TensorDataType.Bool);
        }
    }
}
