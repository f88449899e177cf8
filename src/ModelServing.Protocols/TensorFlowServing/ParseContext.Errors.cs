using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>The errors of one read, worded as TF Serving words them and located in the document.</summary>
internal sealed partial class ParseContext
{
    /// <summary>An error about the value being read, prefixed with where it is (element and input).</summary>
    public ServingException Fail(string detail) => ServingException.Invalid(Format == PredictRequestFormat.Row
        ? $"Failed to process element: {Element} key: {InputName} of 'instances' list. Error: INVALID_ARGUMENT: {detail}"
        : $"Failed to process input: {InputName} of 'inputs'. Error: INVALID_ARGUMENT: {detail}");

    /// <summary>TF Serving's type mismatch error for the value under <paramref name="reader"/>.</summary>
    public ServingException TypeError(ref Utf8JsonReader reader, TensorDataType expected) =>
        Fail($"JSON Value: {Quote(ref reader)} Type: {JsonTypeName(ref reader)} is not of expected type: {TypeName(expected)}");

    /// <summary>TF Serving's error for a number that does not fit the floating-point type.</summary>
    public ServingException LossyError(ref Utf8JsonReader reader, TensorDataType target) =>
        Fail($"Cannot convert JSON value: {Quote(ref reader)} to {TypeName(target)} without loss of precision.");

    /// <summary>TF Serving's (RapidJSON's) error for a number beyond the range of a double, which it refuses to parse.</summary>
    public ServingException TooBigError(ref Utf8JsonReader reader) =>
        Fail($"JSON Value: {Quote(ref reader)} Number too big to be stored in double.");

    /// <summary>
    /// Throws when the list or object starting under <paramref name="reader"/> nests deeper than <see cref="MaxDepth"/>,
    /// with the words and position System.Text.Json uses for its own depth limit.
    /// </summary>
    public void CheckDepth(ref Utf8JsonReader reader)
    {
        if (reader.CurrentDepth >= MaxDepth && reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
        {
            var what = reader.TokenType == JsonTokenType.StartArray ? "array" : "object";
            throw SyntaxError($"The maximum configured depth of {MaxDepth} has been exceeded. Cannot read next JSON {what}.", (int)reader.TokenStartIndex);
        }
    }

    /// <summary>
    /// The error for an unpaired surrogate escape at <paramref name="offset"/>: the first malformed token before it if there
    /// is one (RapidJSON stops at the first error in the document), else a parse error at the string holding the escape.
    /// </summary>
    public ServingException UnpairedSurrogate(int offset)
    {
        var reader = new Utf8JsonReader(Buffer.Span, ReaderOptions);
        try
        {
            while (reader.BytesConsumed <= offset && reader.Read())
            {
            }
        }
        catch (JsonException exception)
        {
            return SyntaxError(exception);
        }

        return SyntaxError("The surrogate pair in string is invalid.", (int)Math.Min(reader.TokenStartIndex, offset));
    }

    /// <summary>A malformed-document error for an exception of System.Text.Json, located by line, byte and offset.</summary>
    public ServingException SyntaxError(JsonException exception)
    {
        var description = exception.Message;
        var cut = description.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            description = description[..cut];
        }

        var line = exception.LineNumber ?? 0;
        var byteInLine = exception.BytePositionInLine ?? 0;
        return SyntaxError(description, OffsetOf(line, byteInLine), line, byteInLine);
    }

    /// <summary>A malformed-document error at an offset.</summary>
    public ServingException SyntaxError(string description, int offset)
    {
        var span = Buffer.Span[..Math.Min(offset, Buffer.Length)];
        var line = span.Count((byte)'\n');
        var lineStart = span.LastIndexOf((byte)'\n') + 1;
        return SyntaxError(description, offset, line, offset - lineStart);
    }

    private static ServingException SyntaxError(string description, long offset, long line, long byteInLine) =>
        ServingException.Invalid($"JSON Parse error: {description} at offset: {offset} (line {line + 1}, byte {byteInLine + 1})");

    private static string JsonTypeName(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => "Null",
        JsonTokenType.False => "False",
        JsonTokenType.True => "True",
        JsonTokenType.StartObject => "Object",
        JsonTokenType.StartArray => "Array",
        JsonTokenType.String => "String",
        _ => "Number",
    };

    private long OffsetOf(long line, long byteInLine)
    {
        var span = Buffer.Span;
        var offset = 0;
        for (var l = 0L; l < line; l++)
        {
            var next = span[offset..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return span.Length;
            }

            offset += next + 1;
        }

        return offset + byteInLine;
    }
}
