using System.Text;
using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>State shared by one <see cref="PredictRequestReader.Read"/> call: the buffers, the literals and where it is.</summary>
/// <remarks>Not thread-safe; one per call. Error factories return exceptions for the caller to throw.</remarks>
internal sealed class ParseContext
{
    // Values quoted back in error messages are cut here; TF Serving quotes them whole, which can be megabytes.
    private const int MaxQuotedBytes = 128;

    public ParseContext(ReadOnlyMemory<byte> original, ReadOnlyMemory<byte> buffer, NonFiniteLiterals? literals, JsonReaderOptions readerOptions)
    {
        Original = original;
        Buffer = buffer;
        Literals = literals;
        ReaderOptions = readerOptions;
    }

    /// <summary>The document as received, for quoting values back.</summary>
    public ReadOnlyMemory<byte> Original { get; }

    /// <summary>The document as parsed: <see cref="Original"/>, or a copy with non-finite literals replaced.</summary>
    public ReadOnlyMemory<byte> Buffer { get; }

    /// <summary>The non-finite literals of the document, or null when it has none.</summary>
    public NonFiniteLiterals? Literals { get; }

    /// <summary>Options for every reader over <see cref="Buffer"/>.</summary>
    public JsonReaderOptions ReaderOptions { get; }

    /// <summary>Which list the value being read belongs to.</summary>
    public PredictRequestFormat Format { get; set; }

    /// <summary>Index of the instance being read (row format).</summary>
    public int Element { get; set; }

    /// <summary>Name of the input being read.</summary>
    public string InputName { get; set; } = string.Empty;

    /// <summary>Whether the number token under <paramref name="reader"/> is a non-finite literal, and its value.</summary>
    public bool TryGetNonFinite(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (Literals is null)
        {
            return false;
        }

        var span = reader.ValueSpan;
        return span.Length == 1 && span[0] == (byte)'0' && Literals.TryGet((int)reader.TokenStartIndex, out value, out _);
    }

    /// <summary>The JSON text of the value under <paramref name="reader"/>, as the caller sent it, cut to a readable length.</summary>
    public string Quote(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        int end;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
            case JsonTokenType.StartObject:
                var copy = reader;
                try
                {
                    copy.Skip();
                    end = (int)copy.BytesConsumed;
                }
                catch (JsonException)
                {
                    end = Original.Length;
                }

                break;
            case JsonTokenType.String:
            case JsonTokenType.PropertyName:
                end = start + reader.ValueSpan.Length + 2;
                break;
            case JsonTokenType.Number when Literals is not null && Literals.TryGet(start, out _, out var length):
                end = start + length;
                break;
            default:
                end = start + reader.ValueSpan.Length;
                break;
        }

        return Quote(start, end);
    }

    /// <summary>The JSON text between two offsets, cut to a readable length.</summary>
    public string Quote(int start, int end)
    {
        var span = Original.Span[start..Math.Min(end, Original.Length)];
        return span.Length <= MaxQuotedBytes
            ? Encoding.UTF8.GetString(span)
            : Encoding.UTF8.GetString(span[..MaxQuotedBytes]) + "...";
    }

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

    /// <summary>The TF name of a type in messages (<c>float</c>, <c>int32</c>, <c>string</c> ...), as TF's DataTypeString.</summary>
    public static string TypeName(TensorDataType type) => TensorDataTypes.TensorFlowName(type)[3..].ToLowerInvariant();

    /// <summary>A shape as TF Serving prints it: <c>[2,3]</c>.</summary>
    public static string FormatShape(IReadOnlyList<long> shape) => "[" + string.Join(',', shape) + "]";

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
