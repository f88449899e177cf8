using System.Globalization;
using System.Text.Json;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.OpenInference;

/// <summary>Writes the protocol's model metadata document from the data plane's metadata.</summary>
public static class ModelMetadataJson
{
    /// <summary>The platform name reported for an ONNX model.</summary>
    public const string Platform = "onnxruntime_onnx";

    /// <summary>The platform name reported for a composed model (Triton's name for a graph of models).</summary>
    public const string EnsemblePlatform = "ensemble";

    /// <summary>The platform a version reports: <see cref="EnsemblePlatform"/> for a composed model, else <see cref="Platform"/>.</summary>
    public static string PlatformOf(ModelMetadata metadata) =>
        metadata.ExecutionProvider == ModelMetadata.GraphExecutionProvider ? EnsemblePlatform : Platform;

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
        writer.WriteString("platform", PlatformOf(metadata));
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
