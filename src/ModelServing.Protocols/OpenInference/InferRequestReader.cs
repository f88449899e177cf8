using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Json;

namespace ModelServing.Protocols.OpenInference;

/// <summary>
/// Reads an Open Inference Protocol infer request in one forward pass over the JSON header with <see cref="Utf8JsonReader"/>;
/// tensor data comes from the JSON <c>data</c> arrays or, with the binary tensor data extension, from the bytes after the header.
/// </summary>
public static partial class InferRequestReader
{
    /// <summary>Parses the request against the model's public signature.</summary>
    /// <param name="body">The whole request body.</param>
    /// <param name="headerLength">The <c>Inference-Header-Content-Length</c> value, or null when the body is all JSON.</param>
    /// <param name="signature">The signature the inputs must name.</param>
    /// <param name="maxDepth">Deepest JSON nesting the header may have (<c>Limits:MaxJsonDepth</c>).</param>
    /// <exception cref="ServingException">Invalid input, naming what was wrong.</exception>
    public static InferRequest Read(ReadOnlyMemory<byte> body, long? headerLength, ModelSignature signature, int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        if (headerLength is { } length && (length < 0 || length > body.Length))
        {
            throw ServingException.Invalid($"Inference-Header-Content-Length {length} is outside the request body of {body.Length} bytes");
        }

        var header = headerLength is { } h ? body[..(int)h] : body;
        var binary = headerLength is { } b ? body[(int)b..] : ReadOnlyMemory<byte>.Empty;
        try
        {
            return ReadHeader(header, binary, signature, maxDepth);
        }
        catch (JsonException ex)
        {
            // The reader's own words (e.g. the depth limit it hit), without the position suffix it appends.
            var reason = ex.Message.Split(" LineNumber:", 2)[0].Trim();
            throw ServingException.Invalid($"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {reason}");
        }
    }

    private static InferRequest ReadHeader(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> binary, ModelSignature signature, int maxDepth)
    {
        var reader = new Utf8JsonReader(header.Span, new JsonReaderOptions { MaxDepth = maxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw ServingException.Invalid("The request must be a JSON object with an \"inputs\" list");
        }

        string? id = null;
        var binaryOutputs = false;
        List<InputHeader>? inputs = null;
        var outputs = new List<RequestedOutput>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = JsonText.Read(ref reader, "A key of the request");
            reader.Read();
            switch (property)
            {
                case "id":
                    id = reader.TokenType == JsonTokenType.String ? JsonText.Read(ref reader, "\"id\"") : throw ServingException.Invalid("\"id\" must be a string");
                    break;
                case "parameters":
                    binaryOutputs = ReadBoolParameter(ref reader, "binary_data_output", "request");
                    break;
                case "inputs":
                    inputs = ReadInputs(ref reader);
                    break;
                case "outputs":
                    ReadOutputs(ref reader, outputs);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (inputs is null || inputs.Count == 0)
        {
            throw ServingException.Invalid("The request has no \"inputs\"; send {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
        }

        return new InferRequest(id, BuildInputs(inputs, header, binary, signature, maxDepth), outputs, binaryOutputs);
    }

    private static Dictionary<string, TensorData> BuildInputs(
        List<InputHeader> inputs, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> binary, ModelSignature signature, int maxDepth)
    {
        var tensors = new Dictionary<string, TensorData>(inputs.Count, StringComparer.Ordinal);
        var offset = 0;
        foreach (var input in inputs)
        {
            if (tensors.ContainsKey(input.Name))
            {
                throw ServingException.Invalid($"Input '{input.Name}' is given twice");
            }

            input.CheckDataType(signature);
            Array data;
            if (input.BinarySize is { } size)
            {
                if (size > binary.Length - offset)
                {
                    throw ServingException.Invalid(
                        $"Input '{input.Name}' has binary_data_size {size} but only {binary.Length - offset} binary bytes remain in the request");
                }

                data = TensorDataCodec.DecodeBinary(binary.Span.Slice(offset, (int)size), input);
                offset += (int)size;
            }
            else
            {
                data = TensorDataCodec.DecodeJson(header.Span[input.DataStart..input.DataEnd], input, maxDepth);
            }

            tensors.Add(input.Name, TensorData.Create(input.DataType, data, input.Shape));
        }

        if (offset != binary.Length)
        {
            throw ServingException.Invalid($"The request carries {binary.Length - offset} binary bytes that no input's binary_data_size claims");
        }

        return tensors;
    }
}
