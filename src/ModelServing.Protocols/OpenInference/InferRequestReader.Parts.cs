using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Json;

namespace ModelServing.Protocols.OpenInference;

public static partial class InferRequestReader
{
    private static List<InputHeader> ReadInputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw ServingException.Invalid("\"inputs\" must be a list of tensors");
        }

        var inputs = new List<InputHeader>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            inputs.Add(ReadInput(ref reader, inputs.Count));
        }

        return inputs;
    }

    private static InputHeader ReadInput(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ServingException.Invalid($"inputs[{index}] must be an object with name, shape, datatype and data");
        }

        string? name = null;
        string? datatype = null;
        long[]? shape = null;
        long? binarySize = null;
        var base64 = false;
        int dataStart = -1, dataEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = JsonText.Read(ref reader, "A key of inputs[{0}]", index);
            reader.Read();
            switch (property)
            {
                case "name":
                    name = reader.TokenType == JsonTokenType.String
                        ? JsonText.Read(ref reader, "inputs[{0}].name", index)
                        : throw ServingException.Invalid($"inputs[{index}].name must be a string");
                    break;
                case "datatype":
                    datatype = reader.TokenType == JsonTokenType.String
                        ? JsonText.Read(ref reader, "inputs[{0}].datatype", index)
                        : throw ServingException.Invalid($"inputs[{index}].datatype must be a string");
                    break;
                case "shape":
                    shape = ReadShape(ref reader, index);
                    break;
                case "parameters":
                    (binarySize, base64) = ReadInputParameters(ref reader, index);
                    break;
                case "data":
                    dataStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    dataEnd = (int)reader.BytesConsumed;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var label = name is null ? $"inputs[{index}]" : $"Input '{name}'";
        if (name is null)
        {
            throw ServingException.Invalid($"{label} has no name");
        }

        var type = datatype is null
            ? throw ServingException.Invalid($"{label} has no datatype")
            : OpenInferenceDataTypes.Parse(datatype) ?? throw ServingException.Invalid(
                $"{label} has unknown datatype '{datatype}'; use BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64 or BYTES");
        if (shape is null)
        {
            throw ServingException.Invalid($"{label} has no shape");
        }

        if (binarySize is null && dataStart < 0)
        {
            throw ServingException.Invalid($"{label} has no data (and no binary_data_size parameter)");
        }

        // Checked before anything is sized from it: the element count must fit one array, and its bytes an int.
        var count = ElementCount(shape);
        var elementSize = Math.Max(1, TensorDataTypes.ElementSize(type));
        if (count < 0 || count > Array.MaxLength || count > int.MaxValue / elementSize)
        {
            throw ServingException.Invalid(
                $"{label} has shape [{string.Join(',', shape)}], more elements than one tensor can hold ({Array.MaxLength} at most, {int.MaxValue} bytes)");
        }

        return new InputHeader(name, type, shape, count, binarySize, base64, dataStart, dataEnd);
    }

    /// <summary>The product of the dimensions (each non-negative), or -1 when it overflows a long.</summary>
    private static long ElementCount(long[] shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim != 0 && count > long.MaxValue / dim)
            {
                return -1;
            }

            count *= dim;
        }

        return count;
    }

    private static long[] ReadShape(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw ServingException.Invalid($"inputs[{index}].shape must be a list of non-negative integers");
        }

        var dims = new List<long>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dim) || dim < 0)
            {
                throw ServingException.Invalid($"inputs[{index}].shape must be a list of non-negative integers");
            }

            dims.Add(dim);
        }

        return [.. dims];
    }

    private static (long? BinarySize, bool Base64) ReadInputParameters(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ServingException.Invalid($"inputs[{index}].parameters must be an object");
        }

        long? size = null;
        var base64 = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = JsonText.Read(ref reader, "A key of inputs[{0}].parameters", index);
            reader.Read();
            if (property == "binary_data_size")
            {
                size = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) && n >= 0 && n <= int.MaxValue
                    ? n
                    : throw ServingException.Invalid($"inputs[{index}].parameters.binary_data_size must be a non-negative integer");
            }
            else if (property == "content_type" && reader.TokenType == JsonTokenType.String)
            {
                base64 = JsonText.Read(ref reader, "inputs[{0}].parameters.content_type", index) == "base64";
            }
            else
            {
                reader.Skip();
            }
        }

        return (size, base64);
    }

    private static void ReadOutputs(ref Utf8JsonReader reader, List<RequestedOutput> outputs)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw ServingException.Invalid("\"outputs\" must be a list of {\"name\": ...} objects");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw ServingException.Invalid($"outputs[{outputs.Count}] must be an object with a name");
            }

            string? name = null;
            bool? binary = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = JsonText.Read(ref reader, "A key of outputs[{0}]", outputs.Count);
                reader.Read();
                if (property == "name" && reader.TokenType == JsonTokenType.String)
                {
                    name = JsonText.Read(ref reader, "outputs[{0}].name", outputs.Count);
                }
                else if (property == "parameters")
                {
                    binary = ReadOptionalBool(ref reader, "binary_data", $"outputs[{outputs.Count}]");
                }
                else
                {
                    reader.Skip();
                }
            }

            outputs.Add(new RequestedOutput(name ?? throw ServingException.Invalid($"outputs[{outputs.Count}] has no name"), binary));
        }
    }

    private static bool ReadBoolParameter(ref Utf8JsonReader reader, string parameter, string where) =>
        ReadOptionalBool(ref reader, parameter, where) ?? false;

    private static bool? ReadOptionalBool(ref Utf8JsonReader reader, string parameter, string where)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ServingException.Invalid($"The {where} parameters must be an object");
        }

        bool? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = JsonText.Read(ref reader, "A key of the {1} parameters", name: where) == parameter;
            reader.Read();
            if (!matches)
            {
                reader.Skip();
            }
            else if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                value = reader.GetBoolean();
            }
            else
            {
                throw ServingException.Invalid($"The {where} parameter {parameter} must be true or false");
            }
        }

        return value;
    }
}
