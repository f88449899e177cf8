using System.Text;
using System.Text.Json;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>State shared by one <see cref="PredictRequestReader.Read"/> call: the buffers, the literals and where it is.</summary>
/// <remarks>Not thread-safe; one per call. Error factories return exceptions for the caller to throw.</remarks>
internal sealed partial class ParseContext
{
    // Values quoted back in error messages are cut here; TF Serving quotes them whole, which can be megabytes.
    private const int MaxQuotedBytes = 128;

    public ParseContext(ReadOnlyMemory<byte> original, ReadOnlyMemory<byte> buffer, NonFiniteLiterals? literals, int maxDepth)
    {
        Original = original;
        Buffer = buffer;
        Literals = literals;
        MaxDepth = maxDepth;
    }

    /// <summary>The document as received, for quoting values back.</summary>
    public ReadOnlyMemory<byte> Original { get; }

    /// <summary>The document as parsed: <see cref="Original"/>, or a copy with non-finite literals replaced.</summary>
    public ReadOnlyMemory<byte> Buffer { get; }

    /// <summary>The non-finite literals of the document, or null when it has none.</summary>
    public NonFiniteLiterals? Literals { get; }

    /// <summary>Options for every reader over <see cref="Buffer"/>.</summary>
    /// <remarks>
    /// The readers themselves take any nesting, so that unknown top-level keys are skipped however deep they are (as by TF
    /// Serving); <see cref="CheckDepth"/> holds the values actually read to <see cref="MaxDepth"/>. Skipping needs no
    /// recursion, and the reader's depth stack costs a bit per level, bounded by the body size.
    /// </remarks>
    public JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = int.MaxValue };

    /// <summary>The deepest nesting a value that is read may reach (the top-level object counts as one level).</summary>
    public int MaxDepth { get; }

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

    /// <summary>The TF name of a type in messages (<c>float</c>, <c>int32</c>, <c>string</c> ...), as TF's DataTypeString.</summary>
    public static string TypeName(TensorDataType type) => TensorDataTypes.TensorFlowName(type)[3..].ToLowerInvariant();

    /// <summary>A shape as TF Serving prints it: <c>[2,3]</c>.</summary>
    public static string FormatShape(IReadOnlyList<long> shape) => "[" + string.Join(',', shape) + "]";
}
