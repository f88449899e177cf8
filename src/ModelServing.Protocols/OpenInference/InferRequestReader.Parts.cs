using System.Text.Json;
using ModelServing.Core.Errors;
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

        var header = InputHeader.Create(index, name, datatype, shape, binarySize, base64, dataStart, dataEnd);
        return binarySize is null && dataStart < 0
            ? throw ServingException.Invalid($"Input '{header.Name}' has no data (and no binary_data_size parameter)")
            : header;
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
