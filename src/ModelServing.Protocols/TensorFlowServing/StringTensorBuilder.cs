using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Reads JSON strings (as their bytes) and <c>{"b64": "..."}</c> objects (decoded) into a string tensor.</summary>
internal sealed class StringTensorBuilder : TypedTensorBuilder<byte[]>
{
    public StringTensorBuilder(TensorSpec spec)
        : base(spec)
    {
    }

    protected override void AppendLeaf(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            Add(JsonStrings.GetBytes(ref reader) ?? throw InvalidSurrogate(ref reader, context));
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw context.TypeError(ref reader, TensorDataType.String);
        }

        context.CheckDepth(ref reader);
        var start = reader;
        if (!reader.Read()
            || reader.TokenType != JsonTokenType.PropertyName
            || !JsonStrings.TextEquals(ref reader, "b64"u8)
            || !reader.Read()
            || reader.TokenType != JsonTokenType.String)
        {
            throw Base64FormatError(ref start, context);
        }

        var text = JsonStrings.GetBytes(ref reader) ?? throw InvalidSurrogate(ref reader, context);
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
        {
            throw Base64FormatError(ref start, context);
        }

        Add(JsonStrings.DecodeBase64(text) ?? throw context.Fail("Unable to base64 decode"));
    }

    private static ServingException Base64FormatError(ref Utf8JsonReader start, ParseContext context) =>
        context.Fail($"JSON Value: {context.Quote(ref start)} not formatted correctly for base64 data");

    private static ServingException InvalidSurrogate(ref Utf8JsonReader reader, ParseContext context) =>
        context.SyntaxError("The surrogate pair in string is invalid.", (int)reader.TokenStartIndex);
}
