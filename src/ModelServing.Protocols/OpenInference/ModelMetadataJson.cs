using System.Globalization;
using System.Text.Json;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

/// <summary>Writes the protocol's model metadata document from the data plane's metadata.</summary>
public static class ModelMetadataJson
{
    /// <summary>The platform name reported for every model.</summary>
    public const string Platform = "onnxruntime_onnx";

    /// <summary><c>{"name", "versions", "platform", "inputs", "outputs"}</c>; shapes use -1 for dynamic dimensions.</summary>
    public static void Write(Utf8JsonWriter writer, ModelMetadata metadata, IEnumerable<long> versions)
    {
        writer.WriteStartObject();
        writer.WriteString("name", metadata.Name);
        writer.WriteStartArray("versions");
        foreach (var version in versions)
        {
            writer.WriteStringValue(version.ToString(CultureInfo.InvariantCulture));
        }

        writer.WriteEndArray();
        writer.WriteString("platform", Platform);
        WriteTensors(writer, "inputs", metadata.Signature.Inputs);
        WriteTensors(writer, "outputs", metadata.Signature.Outputs);
        writer.WriteEndObject();
    }

    private static void WriteTensors(Utf8JsonWriter writer, string property, IReadOnlyList<TensorSpec> specs)
    {
        writer.WriteStartArray(property);
        foreach (var spec in specs)
        {
            writer.WriteStartObject();
            writer.WriteString("name", spec.Name);
            writer.WriteString("datatype", OpenInferenceDataTypes.Name(spec.DataType));
            writer.WriteStartArray("shape");
            foreach (var dim in spec.Shape)
            {
                writer.WriteNumberValue(dim);
            }

            writer.WriteEndArray();
            if (spec.DataType == TensorDataType.Json)
            {
                writer.WriteStartObject("parameters");
                writer.WriteString("content_type", "application/json");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
