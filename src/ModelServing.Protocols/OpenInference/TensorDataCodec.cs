using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Json;

namespace ModelServing.Protocols.OpenInference;

/// <summary>Decodes Open Inference Protocol tensor data: JSON <c>data</c> lists (flat or nested) and binary tensor data.</summary>
internal static partial class TensorDataCodec
{
    /// <summary>Reads the JSON <c>data</c> value into an element array of exactly the declared element count.</summary>
    /// <param name="json">The <c>data</c> value, already checked by the header reader.</param>
    /// <param name="input">The input's header.</param>
    /// <param name="maxDepth">The request's JSON depth limit (the value nests less deeply than the whole body).</param>
    public static Array DecodeJson(ReadOnlySpan<byte> json, InputHeader input, int maxDepth)
    {
        // Every element takes at least one byte of JSON, so a shape claiming more elements than bytes fails before allocating.
        if (input.ElementCount > json.Length)
        {
            throw CountMismatch(input, "more elements than its data holds");
        }

        var data = Array.CreateInstance(TensorDataTypes.ClrType(input.DataType), (int)input.ElementCount);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        var index = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray or JsonTokenType.EndArray:
                    continue;
                case JsonTokenType.StartObject when input.DataType == TensorDataType.String:
                    Store(data, ref index, input, ReadB64Object(ref reader, input, index));
                    continue;
                default:
                    if (index >= data.Length)
                    {
                        throw CountMismatch(input, "more data elements than its shape holds");
                    }

                    SetElement(data, index++, ref reader, input);
                    continue;
            }
        }

        return index == data.Length ? data : throw CountMismatch(input, $"{index} data elements");
    }

    /// <summary>Reads binary tensor data: little-endian elements, BOOL one byte each, BYTES as 4-byte length + bytes.</summary>
    /// <param name="bytes">The input's binary data.</param>
    /// <param name="input">The input's header.</param>
    /// <param name="sizeName">What the protocol calls the data's size, for messages (<c>binary_data_size</c> on REST).</param>
    public static Array DecodeBinary(ReadOnlySpan<byte> bytes, InputHeader input, string sizeName = "binary_data_size")
    {
        if (input.DataType == TensorDataType.String)
        {
            return DecodeBinaryStrings(bytes, input);
        }

        var size = TensorDataTypes.ElementSize(input.DataType);
        if (bytes.Length != input.ElementCount * size)
        {
            throw ServingException.Invalid(
                $"Input '{input.Name}' has {sizeName} {bytes.Length} but shape [{string.Join(',', input.Shape)}] of {OpenInferenceDataTypes.Name(input.DataType)} needs {input.ElementCount * size} bytes");
        }

        var data = Array.CreateInstance(TensorDataTypes.ClrType(input.DataType), (int)input.ElementCount);
        if (input.DataType == TensorDataType.Bool)
        {
            var flags = (bool[])data;
            for (var i = 0; i < bytes.Length; i++)
            {
                flags[i] = bytes[i] != 0;
            }

            return data;
        }

        // The machines this runs on are little-endian, which is the protocol's byte order.
        bytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), bytes.Length));
        return data;
    }

    private static byte[][] DecodeBinaryStrings(ReadOnlySpan<byte> bytes, InputHeader input)
    {
        if (input.ElementCount * 4 > bytes.Length)
        {
            throw CountMismatch(input, "more elements than its binary data holds");
        }

        var strings = new byte[input.ElementCount][];
        var offset = 0;
        for (var i = 0; i < strings.Length; i++)
        {
            if (bytes.Length - offset < 4)
            {
                throw CountMismatch(input, $"{i} binary strings");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
            offset += 4;
            if (length > (uint)(bytes.Length - offset))
            {
                throw ServingException.Invalid($"Input '{input.Name}' element {i} claims {length} bytes but only {bytes.Length - offset} remain");
            }

            strings[i] = bytes.Slice(offset, (int)length).ToArray();
            offset += (int)length;
        }

        return offset == bytes.Length
            ? strings
            : throw ServingException.Invalid($"Input '{input.Name}' has {bytes.Length - offset} binary bytes after its {strings.Length} strings");
    }

    private static void Store(Array data, ref int index, InputHeader input, byte[] value)
    {
        if (index >= data.Length)
        {
            throw CountMismatch(input, "more data elements than its shape holds");
        }

        ((byte[][])data)[index++] = value;
    }

    private static byte[] ReadB64Object(ref Utf8JsonReader reader, InputHeader input, int index)
    {
        byte[]? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isB64 = JsonText.Read(ref reader, "A key of input '{1}' element {0}", index, input.Name) == "b64";
            reader.Read();
            if (isB64 && reader.TokenType == JsonTokenType.String)
            {
                value = DecodeBase64(ref reader, input, index);
            }
            else
            {
                reader.Skip();
            }
        }

        return value ?? throw ServingException.Invalid($"Input '{input.Name}': a BYTES element given as an object must be {{\"b64\": \"...\"}}");
    }

    private static byte[] DecodeBase64(ref Utf8JsonReader reader, InputHeader input, int index)
    {
        var text = JsonText.Read(ref reader, "Input '{1}' element {0}", index, input.Name);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw ServingException.Invalid($"Input '{input.Name}' element {index} is not valid base64");
        }
    }

    /// <summary>The error for data whose element count is not the declared shape's: <paramref name="found"/> says what was found.</summary>
    public static ServingException CountMismatch(InputHeader input, string found) =>
        ServingException.Invalid(
            $"Input '{input.Name}' has shape [{string.Join(',', input.Shape)}] ({input.ElementCount} elements) but {found}");

    private static byte[] Utf8(ref Utf8JsonReader reader, InputHeader input, int index) =>
        JsonText.ReadBytes(ref reader, "Input '{1}' element {0}", index, input.Name);
}
