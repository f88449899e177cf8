using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>String values of a request as raw bytes: unescaping and base64 decoding.</summary>
/// <remarks>
/// Bytes of an unescaped string are taken as they are, without UTF-8 validation, as TF Serving (RapidJSON without
/// <c>kParseValidateEncodingFlag</c>) does; escapes are decoded here rather than by <see cref="Utf8JsonReader.CopyString(Span{byte})"/>,
/// which refuses strings that are not valid UTF-8.
/// </remarks>
internal static partial class JsonStrings
{
    /// <summary>The bytes of the string or property name under <paramref name="reader"/>, or null for an unpaired surrogate escape.</summary>
    public static byte[]? GetBytes(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Unescape(reader.ValueSpan) : reader.ValueSpan.ToArray();

    /// <summary>The string or property name under <paramref name="reader"/> as text, invalid UTF-8 replaced, for messages.</summary>
    public static string GetText(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(GetBytes(ref reader) ?? reader.ValueSpan.ToArray());

    /// <summary>Whether the string or property name under <paramref name="reader"/>, unescaped, is exactly <paramref name="expected"/>.</summary>
    /// <remarks>
    /// Used instead of <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>, which throws on an unpaired
    /// surrogate escape: here such a name equals nothing (the reader refuses the document before, see <see cref="FindUnpairedSurrogate"/>).
    /// </remarks>
    public static bool TextEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.SequenceEqual(expected);
        }

        // An escape is longer than what it stands for: a text no longer than the expected one unescaped cannot equal it.
        return reader.ValueSpan.Length > expected.Length && GetBytes(ref reader) is { } bytes && bytes.AsSpan().SequenceEqual(expected);
    }

    /// <summary>Decodes standard base64 (padding optional, whitespace ignored), or returns null when it is not base64.</summary>
    public static byte[]? DecodeBase64(ReadOnlySpan<byte> base64)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(base64.Length) + 3);
        try
        {
            var status = Base64.DecodeFromUtf8(base64, rented, out _, out var written);
            if (status != OperationStatus.Done && base64.Length % 4 != 0)
            {
                // Padding is optional in TF Serving (absl::Base64Unescape): retry with it added.
                var padded = new byte[base64.Length + (4 - (base64.Length % 4))];
                base64.CopyTo(padded);
                padded.AsSpan(base64.Length).Fill((byte)'=');
                status = Base64.DecodeFromUtf8(padded, rented, out _, out written);
            }

            return status == OperationStatus.Done ? rented.AsSpan(0, written).ToArray() : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static byte[]? Unescape(ReadOnlySpan<byte> escaped)
    {
        // Every escape is at least as long as the UTF-8 it stands for, so the output never outgrows the input.
        var output = new byte[escaped.Length];
        var written = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            var b = escaped[i];
            if (b != (byte)'\\')
            {
                output[written++] = b;
                continue;
            }

            // The reader has already checked that every escape is well formed.
            var kind = escaped[++i];
            if (kind != (byte)'u')
            {
                output[written++] = kind switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => kind,
                };
                continue;
            }

            int codePoint = ParseHex4(escaped.Slice(i + 1, 4));
            i += 4;
            if (char.IsHighSurrogate((char)codePoint))
            {
                if (i + 6 >= escaped.Length || escaped[i + 1] != (byte)'\\' || escaped[i + 2] != (byte)'u')
                {
                    return null;
                }

                int low = ParseHex4(escaped.Slice(i + 3, 4));
                if (!char.IsLowSurrogate((char)low))
                {
                    return null;
                }

                codePoint = char.ConvertToUtf32((char)codePoint, (char)low);
                i += 6;
            }
            else if (char.IsLowSurrogate((char)codePoint))
            {
                return null;
            }

            written += new Rune(codePoint).EncodeToUtf8(output.AsSpan(written));
        }

        return written == output.Length ? output : output.AsSpan(0, written).ToArray();
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var digit in hex)
        {
            value = (value << 4) | (digit <= (byte)'9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value;
    }
}
