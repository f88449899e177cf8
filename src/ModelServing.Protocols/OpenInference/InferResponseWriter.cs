using System.Globalization;
using System.Text.Json;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

/// <summary>Writes the infer response: JSON only, or with the binary tensor data extension a JSON header followed by raw outputs.</summary>
public static class InferResponseWriter
{
    /// <summary>The selected outputs: the requested ones in request order, or all in signature order.</summary>
    /// <exception cref="Core.Errors.ServingException">A requested output the model does not have.</exception>
    public static IReadOnlyList<(string Name, TensorData Tensor, bool Binary)> Select(InferRequest request, InferenceResult result)
    {
        if (request.Outputs.Count == 0)
        {
            return [.. result.Outputs.Select(o => (o.Key, o.Value, request.BinaryOutputs))];
        }

        var selected = new List<(string, TensorData, bool)>(request.Outputs.Count);
        foreach (var wanted in request.Outputs)
        {
            var match = result.Outputs.FirstOrDefault(o => o.Key == wanted.Name);
            if (match.Value is null)
            {
                throw Core.Errors.ServingException.Invalid(
                    $"Unknown output '{wanted.Name}'; the model's outputs are: {string.Join(", ", result.Outputs.Select(o => o.Key))}");
            }

            selected.Add((match.Key, match.Value, wanted.Binary ?? request.BinaryOutputs));
        }

        return selected;
    }

    /// <summary>The binary payload of each output that goes as binary data, else null (same order as <paramref name="outputs"/>).</summary>
    public static byte[]?[] EncodeBlobs(IReadOnlyList<(string Name, TensorData Tensor, bool Binary)> outputs) =>
        [.. outputs.Select(o => o.Binary ? TensorDataEncoder.EncodeBinary(o.Tensor) : null)];

    /// <summary>Writes the JSON response header; outputs with a blob carry its <c>binary_data_size</c> instead of <c>data</c>.</summary>
    public static void WriteHeader(
        Utf8JsonWriter writer, InferRequest request, InferenceResult result, IReadOnlyList<(string Name, TensorData Tensor, bool Binary)> outputs, byte[]?[]? blobs)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name", result.ModelName);
        writer.WriteString("model_version", result.Version.ToString(CultureInfo.InvariantCulture));
        if (request.Id is not null)
        {
            writer.WriteString("id", request.Id);
        }

        writer.WriteStartArray("outputs");
        for (var i = 0; i < outputs.Count; i++)
        {
            var (name, tensor, _) = outputs[i];
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("datatype", OpenInferenceDataTypes.Name(tensor.DataType));
            writer.WriteStartArray("shape");
            foreach (var dim in tensor.Shape)
            {
                writer.WriteNumberValue(dim);
            }

            writer.WriteEndArray();
            var blob = blobs?[i];
            if (blob is not null || tensor.DataType == TensorDataType.Json)
            {
                writer.WriteStartObject("parameters");
                if (tensor.DataType == TensorDataType.Json)
                {
                    writer.WriteString("content_type", "application/json");
                }

                if (blob is not null)
                {
                    writer.WriteNumber("binary_data_size", blob.Length);
                }

                writer.WriteEndObject();
            }

            if (blob is null)
            {
                writer.WritePropertyName("data");
                TensorDataEncoder.WriteJson(writer, tensor);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
