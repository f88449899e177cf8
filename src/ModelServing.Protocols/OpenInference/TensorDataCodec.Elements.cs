using System.Text;
using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Json;

namespace ModelServing.Protocols.OpenInference;

internal static partial class TensorDataCodec
{
    private static void SetElement(Array data, int index, ref Utf8JsonReader reader, InputHeader input)
    {
        switch (input.DataType)
        {
            case TensorDataType.Bool:
                ((bool[])data)[index] = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw Mismatch(ref reader, input, index),
                };
                break;
            case TensorDataType.String:
                ((byte[][])data)[index] = reader.TokenType == JsonTokenType.String
                    ? input.Base64 ? DecodeBase64(ref reader, input, index) : Utf8(ref reader, input, index)
                    : throw Mismatch(ref reader, input, index);
                break;
            case TensorDataType.Float:
                ((float[])data)[index] = (float)Floating(ref reader, input, index);
                break;
            case TensorDataType.Double:
                ((double[])data)[index] = Floating(ref reader, input, index);
                break;
            case TensorDataType.Float16:
                ((Half[])data)[index] = (Half)Floating(ref reader, input, index);
                break;
            case TensorDataType.BFloat16:
                ((ushort[])data)[index] = ToBFloat16((float)Floating(ref reader, input, index));
                break;
            case TensorDataType.UInt64:
                ((ulong[])data)[index] = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var u)
                    ? u
                    : throw Mismatch(ref reader, input, index);
                break;
            default:
                SetInteger(data, index, Integer(ref reader, input, index), ref reader, input);
                break;
        }
    }

    private static void SetInteger(Array data, int index, long value, ref Utf8JsonReader reader, InputHeader input)
    {
        var fits = input.DataType switch
        {
            TensorDataType.Int8 => value is >= sbyte.MinValue and <= sbyte.MaxValue,
            TensorDataType.Int16 => value is >= short.MinValue and <= short.MaxValue,
            TensorDataType.Int32 => value is >= int.MinValue and <= int.MaxValue,
            TensorDataType.UInt8 => value is >= byte.MinValue and <= byte.MaxValue,
            TensorDataType.UInt16 => value is >= ushort.MinValue and <= ushort.MaxValue,
            TensorDataType.UInt32 => value is >= uint.MinValue and <= uint.MaxValue,
            _ => true,
        };
        if (!fits)
        {
            throw Mismatch(ref reader, input, index);
        }

        switch (input.DataType)
        {
            case TensorDataType.Int8: ((sbyte[])data)[index] = (sbyte)value; break;
            case TensorDataType.Int16: ((short[])data)[index] = (short)value; break;
            case TensorDataType.Int32: ((int[])data)[index] = (int)value; break;
            case TensorDataType.Int64: ((long[])data)[index] = value; break;
            case TensorDataType.UInt8: ((byte[])data)[index] = (byte)value; break;
            case TensorDataType.UInt16: ((ushort[])data)[index] = (ushort)value; break;
            case TensorDataType.UInt32: ((uint[])data)[index] = (uint)value; break;
            default: throw Mismatch(ref reader, input, index);
        }
    }

    private static long Integer(ref Utf8JsonReader reader, InputHeader input, int index) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Mismatch(ref reader, input, index);

    private static double Floating(ref Utf8JsonReader reader, InputHeader input, int index)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // Rounded to the nearest double; a number past the double range is refused, as by the TF Serving route and /score.
            return reader.TryGetDouble(out var value) && double.IsFinite(value)
                ? value
                : throw ServingException.Invalid(
                    $"Input '{input.Name}' element {index} is {Encoding.UTF8.GetString(reader.ValueSpan)}, which is outside the range of a double");
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            // JSON has no literal for these; Triton and MLServer clients send them as strings.
            switch (JsonText.Read(ref reader, "Input '{1}' element {0}", index, input.Name))
            {
                case "NaN" or "nan":
                    return double.NaN;
                case "Infinity" or "inf":
                    return double.PositiveInfinity;
                case "-Infinity" or "-inf":
                    return double.NegativeInfinity;
            }
        }

        throw Mismatch(ref reader, input, index);
    }

    private static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    private static ServingException Mismatch(ref Utf8JsonReader reader, InputHeader input, int index)
    {
        var token = reader.TokenType switch
        {
            JsonTokenType.String => "a string",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            JsonTokenType.StartObject => "an object",
            _ => Encoding.UTF8.GetString(reader.ValueSpan),
        };
        return ServingException.Invalid(
            $"Input '{input.Name}' element {index} is {token}, which is not a valid {OpenInferenceDataTypes.Name(input.DataType)} value");
    }
}
