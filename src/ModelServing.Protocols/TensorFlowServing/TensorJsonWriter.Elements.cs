using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Unicode;

namespace ModelServing.Protocols.TensorFlowServing;

internal static partial class TensorJsonWriter
{
    /// <summary>Writes one element of type <typeparamref name="T"/>.</summary>
    private interface IElementWriter<in T>
    {
        static abstract void Write(Utf8JsonWriter writer, T value);
    }

    /// <summary>
    /// Writes a float or double as TF Serving's <c>WriteDecimal</c> does: the shortest text that reads back as the same
    /// value, <c>.0</c> added to whole numbers, and <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> as bare literals.
    /// </summary>
    private static void WriteDecimal<T>(Utf8JsonWriter writer, T value)
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (!T.IsFinite(value))
        {
            writer.WriteRawValue(T.IsNaN(value) ? "NaN"u8 : T.IsNegative(value) ? "-Infinity"u8 : "Infinity"u8, skipInputValidation: true);
            return;
        }

        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        if (text[..length].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0)
        {
            ".0"u8.CopyTo(text[length..]);
            length += 2;
        }

        writer.WriteRawValue(text[..length], skipInputValidation: true);
    }

    /// <summary>Writes a float as <see cref="WriteDecimal{T}"/> does, with the faster shortest-digits formatter.</summary>
    private static void WriteSingle(Utf8JsonWriter writer, float value)
    {
        Span<byte> text = stackalloc byte[ShortestSingleFormatter.MaxLength];
        writer.WriteRawValue(text[..FormatSingle(value, text)], skipInputValidation: true);
    }

    /// <summary>The JSON text of one float: shortest digits, <c>.0</c> on whole numbers, bare non-finite literals.</summary>
    private static int FormatSingle(float value, Span<byte> destination)
    {
        if (float.IsFinite(value))
        {
            return ShortestSingleFormatter.Format(value, destination, wholeWithPointZero: true);
        }

        var literal = float.IsNaN(value) ? "NaN"u8 : value < 0 ? "-Infinity"u8 : "Infinity"u8;
        literal.CopyTo(destination);
        return literal.Length;
    }

    /// <summary>
    /// Writes a row of floats as one raw JSON array: one call into the writer instead of one per element, which is most
    /// of the cost of writing a float otherwise.
    /// </summary>
    private static void WriteSingleRow(Utf8JsonWriter writer, ReadOnlySpan<float> values)
    {
        var rented = ArrayPool<byte>.Shared.Rent(2 + (values.Length * (ShortestSingleFormatter.MaxLength + 1)));
        try
        {
            var text = rented.AsSpan();
            text[0] = (byte)'[';
            var position = 1;
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    text[position++] = (byte)',';
                }

                position += FormatSingle(values[i], text[position..]);
            }

            text[position++] = (byte)']';
            writer.WriteRawValue(text[..position], skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private readonly struct SingleWriter : IElementWriter<float>
    {
        public static void Write(Utf8JsonWriter writer, float value) => WriteSingle(writer, value);
    }

    private readonly struct DoubleWriter : IElementWriter<double>
    {
        public static void Write(Utf8JsonWriter writer, double value) => WriteDecimal(writer, value);
    }

    /// <summary>Half goes out as the float of the same value, as TF Serving writes DT_HALF.</summary>
    private readonly struct HalfWriter : IElementWriter<Half>
    {
        public static void Write(Utf8JsonWriter writer, Half value) => WriteSingle(writer, (float)value);
    }

    /// <summary>bfloat16 goes out as the float of the same value.</summary>
    private readonly struct BFloat16Writer : IElementWriter<ushort>
    {
        public static void Write(Utf8JsonWriter writer, ushort value) => WriteSingle(writer, BFloat16TensorBuilder.ToSingle(value));
    }

    /// <summary>Integers of up to 64 signed bits, exactly.</summary>
    private readonly struct IntegerWriter<T> : IElementWriter<T>
        where T : IBinaryInteger<T>
    {
        public static void Write(Utf8JsonWriter writer, T value) => writer.WriteNumberValue(long.CreateTruncating(value));
    }

    private readonly struct UInt64Writer : IElementWriter<ulong>
    {
        public static void Write(Utf8JsonWriter writer, ulong value) => writer.WriteNumberValue(value);
    }

    private readonly struct BoolWriter : IElementWriter<bool>
    {
        public static void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);
    }

    /// <summary>Bytes of a <c>_bytes</c> output as <c>{"b64": "..."}</c> (standard base64, padded).</summary>
    private readonly struct Base64Writer : IElementWriter<byte[]>
    {
        public static void Write(Utf8JsonWriter writer, byte[] value)
        {
            writer.WriteStartObject();
            writer.WriteBase64String("b64"u8, value ?? []);
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// Bytes as a JSON string. Valid UTF-8 is written through the writer's encoder. Other bytes are written as they are,
    /// escaping only quote, backslash and control characters, which is what TF Serving (RapidJSON's writer, which does
    /// not validate encoding) sends; name such an output <c>*_bytes</c> to get base64 instead.
    /// </summary>
    private readonly struct StringWriter : IElementWriter<byte[]>
    {
        public static void Write(Utf8JsonWriter writer, byte[] value)
        {
            value ??= [];
            if (Utf8.IsValid(value))
            {
                writer.WriteStringValue(value);
                return;
            }

            var rented = ArrayPool<byte>.Shared.Rent((value.Length * 6) + 2);
            try
            {
                writer.WriteRawValue(rented.AsSpan(0, EscapeRaw(value, rented)), skipInputValidation: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private static int EscapeRaw(ReadOnlySpan<byte> value, Span<byte> output)
        {
            var written = 0;
            output[written++] = (byte)'"';
            foreach (var b in value)
            {
                if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
                {
                    output[written++] = b;
                    continue;
                }

                output[written++] = (byte)'\\';
                switch (b)
                {
                    case (byte)'"' or (byte)'\\':
                        output[written++] = b;
                        break;
                    case (byte)'\n':
                        output[written++] = (byte)'n';
                        break;
                    case (byte)'\r':
                        output[written++] = (byte)'r';
                        break;
                    case (byte)'\t':
                        output[written++] = (byte)'t';
                        break;
                    case (byte)'\b':
                        output[written++] = (byte)'b';
                        break;
                    case (byte)'\f':
                        output[written++] = (byte)'f';
                        break;
                    default:
                        "u00"u8.CopyTo(output[written..]);
                        written += 3;
                        output[written++] = (byte)"0123456789ABCDEF"[b >> 4];
                        output[written++] = (byte)"0123456789ABCDEF"[b & 0xF];
                        break;
                }
            }

            output[written++] = (byte)'"';
            return written;
        }
    }

    private readonly struct JsonNodeWriter : IElementWriter<System.Text.Json.Nodes.JsonNode?>
    {
        public static void Write(Utf8JsonWriter writer, System.Text.Json.Nodes.JsonNode? value)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
    }
}
